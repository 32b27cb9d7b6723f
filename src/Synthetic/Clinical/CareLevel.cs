namespace Outcomes.Synthetic.Clinical;

/// <summary>The levels of care a generated facility runs (ASAM Criteria, 3rd edition).</summary>
internal enum CareLevel
{
    /// <summary>Partial hospitalization, ASAM level 2.5.</summary>
    Php,

    /// <summary>Intensive outpatient, ASAM level 2.1.</summary>
    Iop,

    /// <summary>Outpatient, ASAM level 1: where IOP patients step down to.</summary>
    Op,
}
