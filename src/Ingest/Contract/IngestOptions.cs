using Outcomes.Ingest.Contract.Instruments;

namespace Outcomes.Ingest.Contract;

/// <summary>Settings of one ingest run.</summary>
public sealed record IngestOptions
{
    /// <summary>Reload files even when a file with the same SHA-256 was already committed.</summary>
    public bool Force { get; init; }

    /// <summary>How far attended minutes may exceed scheduled minutes (sessions that overrun).</summary>
    public int AttendedOverrunMinutes { get; init; } = ClinicalLimits.DefaultAttendedOverrunMinutes;

    /// <summary>Today's date at the centers (dates after it are rejected, within a day's tolerance).</summary>
    public required DateOnly Today { get; init; }

    /// <summary>
    /// Good rows from which a file may merge in bulk (when it also holds at least as many rows as its table):
    /// below this, rebuilding the table's indexes costs more than it saves.
    /// </summary>
    public int BulkMinRows { get; init; } = 100_000;

    /// <summary>
    /// The programs' own instruments (docs/instruments.md), accepted in assessments.csv or surveys.csv beside the
    /// built-in catalogue, each with the range, direction, cut-off and reliability the program declared.
    /// </summary>
    public IReadOnlyList<Instrument> ProgramInstruments { get; init; } = [];

    public DateOnly LatestAcceptedDate => Today.AddDays(ClinicalLimits.FutureDateToleranceDays);
}
