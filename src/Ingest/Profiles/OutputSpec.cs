namespace Outcomes.Ingest.Profiles;

/// <summary>The rows of one contract file made from an export: one per export row, or one per filled wide column.</summary>
internal sealed record OutputSpec
{
    /// <summary>The contract file fed: programs, patients, episodes, sessions, ...</summary>
    public required string Contract { get; init; }

    /// <summary>Identical rows are written once (patients repeated on each of their episodes in a wide export).</summary>
    public bool Distinct { get; init; }

    /// <summary>For a wide export: one row per matching column instead of one per export row.</summary>
    public UnpivotSpec? Unpivot { get; init; }

    /// <summary>Contract column → how its value is made. facility_id comes from the profile and is not listed.</summary>
    public required IReadOnlyDictionary<string, FieldSpec> Fields { get; init; }
}
