namespace Outcomes.Ingest.Contract;

/// <summary>One column of a contract file: its name, type, whether it must be filled and what it may hold.</summary>
public sealed record FieldDefinition(string Name, FieldKind Kind, bool Required)
{
    public int MaxLength { get; init; } = 64;

    public long Min { get; init; } = long.MinValue;

    public long Max { get; init; } = long.MaxValue;

    public IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>For <see cref="FieldKind.YesNo"/>: whether "unknown" (stored as null) is accepted.</summary>
    public bool AllowsUnknown { get; init; }

    /// <summary>
    /// Whether a file may leave the column out of its header altogether (a column added to the contract after centers
    /// built their exports): every row then reads it as empty. A header lacking any other column rejects the file.
    /// </summary>
    public bool MayBeAbsent { get; init; }

    /// <summary>What the field holds, in the words docs/data-contract.md uses.</summary>
    public string Description { get; init; } = "";
}
