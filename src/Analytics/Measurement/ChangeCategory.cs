namespace Outcomes.Analytics.Measurement;

/// <summary>Jacobson &amp; Truax's (1991) classes of a patient's change from intake to the latest score.</summary>
public enum ChangeCategory
{
    /// <summary>Reliable improvement that also crosses from the clinical into the functional range.</summary>
    Recovered,

    /// <summary>Reliable improvement without that crossing (still clinical, or functional already at intake).</summary>
    Improved,

    /// <summary>No reliable change either way.</summary>
    Unchanged,

    /// <summary>Reliable worsening.</summary>
    Deteriorated,
}
