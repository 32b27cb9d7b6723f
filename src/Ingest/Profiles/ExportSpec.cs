namespace Outcomes.Ingest.Profiles;

/// <summary>One export file of the EHR (matched by name) and the contract files it feeds.</summary>
internal sealed record ExportSpec
{
    /// <summary>The export's file name; <c>*</c> matches any run of characters ("Appointments_*.csv").</summary>
    public required string File { get; init; }

    /// <summary>The column separator: one character (default a comma).</summary>
    public string Delimiter { get; init; } = ",";

    /// <summary>The .NET date format of date columns, unless a field says otherwise (default yyyy-MM-dd).</summary>
    public string DateFormat { get; init; } = "yyyy-MM-dd";

    /// <summary>The decimal separator of numbers: "." (default) or ",".</summary>
    public string DecimalSeparator { get; init; } = ".";

    /// <summary>Rows left out before mapping (test patients, voided records, non-clinical appointments).</summary>
    public IReadOnlyList<IgnoreRule> IgnoreRows { get; init; } = [];

    public required IReadOnlyList<OutputSpec> Produces { get; init; }
}
