namespace Outcomes.Ingest.Profiles;

/// <summary>
/// Wide attendance columns (Wk1_Hrs, Wk2_Hrs, ...): every header matching <see cref="Columns"/> gives one row per
/// export row; its cell is the field source <c>"cell": true</c>, and the regular expression's named group
/// <c>n</c> (a whole number) is usable in templates as <c>{n}</c> and by <c>weekOffset</c>.
/// </summary>
internal sealed record UnpivotSpec
{
    /// <summary>A regular expression over header names, with a named group <c>n</c>.</summary>
    public required string Columns { get; init; }

    /// <summary>Empty cells (weeks not reached) give no row (default true).</summary>
    public bool SkipEmpty { get; init; } = true;
}
