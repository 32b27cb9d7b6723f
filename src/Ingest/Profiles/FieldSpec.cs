namespace Outcomes.Ingest.Profiles;

/// <summary>
/// How one contract column is made; exactly one of <see cref="Column"/>, <see cref="Cell"/>, <see cref="Value"/>
/// and <see cref="Template"/>.
/// </summary>
internal sealed record FieldSpec
{
    /// <summary>The export column the value comes from (matched without regard to case).</summary>
    public string? Column { get; init; }

    /// <summary>The value is the cell of the wide column being unpivoted.</summary>
    public bool Cell { get; init; }

    /// <summary>A fixed value.</summary>
    public string? Value { get; init; }

    /// <summary>Text with <c>{Column}</c> and <c>{n}</c> placeholders (ids made of several parts).</summary>
    public string? Template { get; init; }

    /// <summary>Export code → contract code ("AMA" → left_against_advice); a code not listed is quarantined.</summary>
    public IReadOnlyDictionary<string, string>? Map { get; init; }

    /// <summary>With a map: the contract value for any non-empty code the map does not list.</summary>
    public string? Otherwise { get; init; }

    /// <summary>A date format for this column instead of the export's; a format with K or z reads an offset.</summary>
    public string? DateFormat { get; init; }

    /// <summary>Numbers are multiplied by this and rounded to a whole number (hours × 60 = minutes).</summary>
    public decimal? Scale { get; init; }

    /// <summary>For a date of a wide row: add (n − 1) weeks, n being the unpivoted column's number.</summary>
    public bool WeekOffset { get; init; }
}
