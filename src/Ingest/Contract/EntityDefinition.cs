using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Contract;

/// <summary>
/// One file of the data contract: its columns, the rules a row must meet on its own, and the set-based SQL
/// that merges the validated rows from the staging table <c>stage</c> into the core table.
/// </summary>
public sealed record EntityDefinition
{
    /// <summary>The file name stem ("sessions" for sessions.csv or sessions_2026-10.csv) and the word in messages.</summary>
    public required string Name { get; init; }

    /// <summary>The core table the rows end up in.</summary>
    public required string Table { get; init; }

    public required IReadOnlyList<FieldDefinition> Fields { get; init; }

    /// <summary>The fields that identify a row; the same key twice in one file is a duplicate.</summary>
    public required IReadOnlyList<string> KeyFields { get; init; }

    /// <summary>Checks that involve several fields of one row; may fill defaults. Null when the row is fine.</summary>
    public Func<RowValues, IngestOptions, RowIssue?> RowRule { get; init; } = static (_, _) => null;

    /// <summary>
    /// Merges <c>stage</c> rows whose q_reason is null into the core table, parameter @Batch; returns one row
    /// (inserted, updated). Rows whose references do not resolve are left out; <see cref="RejectUnresolvedSql"/>
    /// must mark exactly those rows.
    /// </summary>
    public required string MergeSql { get; init; }

    /// <summary>
    /// The merge for files large against the core table (a first load, a full re-export), or null where files
    /// stay small. It must write the same rows as <see cref="MergeSql"/>.
    /// </summary>
    public BulkMergeSql? Bulk { get; init; }

    /// <summary>Marks stage rows the merge could not resolve (unknown reference, date outside the episode).</summary>
    public string? RejectUnresolvedSql { get; init; }

    /// <summary>
    /// The date a staged row is of, as an expression over <c>stage</c>'s columns ("session_date"), or null for a file
    /// whose rows carry none (programs, patients, follow-ups). The ledger keeps each load's first and last such date per
    /// facility (<c>ingest_batch.facility_dates</c>): how far the facility's data of this file run
    /// (<see cref="Ledger.SourceDataThrough"/>).
    /// </summary>
    public string? CoverageDateSql { get; init; }

    /// <summary>Whether rows of this file may name a facility not seen before (programs, patients, episodes).</summary>
    public bool RegistersFacilities { get; init; }

    /// <summary>
    /// The contract version that added the file ("1", or "2" for assessments, referrals and surveys). A drop holding a
    /// file of version 2 is a version-2 drop; the ledger records each load's drop version.
    /// </summary>
    public string SinceVersion { get; init; } = "1";

    /// <summary>
    /// The purpose of the program's own instruments whose scores this file carries (assessments: progress; surveys:
    /// satisfaction), or null. Its load stores the definitions of those the settings declare
    /// (<see cref="Instruments.ProgramInstrumentStore"/>), so the analysis measures the scores by them.
    /// </summary>
    public Instruments.InstrumentPurpose? DeclaresInstruments { get; init; }

    /// <summary>Files load in this order so that references within one drop resolve.</summary>
    public required int LoadOrder { get; init; }

    public int IndexOf(string field)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Name == field)
            {
                return i;
            }
        }

        throw new ArgumentException($"{Name} has no field {field}.", nameof(field));
    }
}
