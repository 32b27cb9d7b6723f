using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.Tests.Loading;
using Outcomes.TestSupport;
using Xunit;
using Xunit.Sdk;

namespace Outcomes.Ingest.Tests.Fuzz;

/// <summary>
/// Runs one fuzz case through the real folder ingest and checks what must hold whatever the input: the ingest
/// returns within a minute without an exception, the file is committed or rejected (never failed or left
/// started), and the ledger, the quarantine and the core table agree row for row — nothing half-loaded. A rejected
/// file has one quarantine row with its reason and nothing loaded.
/// </summary>
internal sealed class FuzzHarness(TestDatabase database)
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    public TestDatabase Database => database;

    public IngestedFile Ingest(DropFolder drop, string fileName, byte[] bytes)
    {
        drop.WriteBytes(fileName, bytes);
        IngestRunResult result;
        try
        {
            // Forced: two cases may send the same bytes (an empty file), and each must be ingested on its own.
            result = IngestHarness.IngestAsync(database, drop, force: true).WaitAsync(Hang).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            throw new XunitException($"the ingest of {fileName} ({bytes.Length:N0} bytes) did not return within {Hang.TotalSeconds} s");
        }

        return Check(result.File(fileName));
    }

    /// <summary>Ingests the whole folder as it is (not forced), failing the case if the run does not return in time.</summary>
    public IngestRunResult Run(DropFolder drop)
    {
        try
        {
            return IngestHarness.IngestAsync(database, drop).WaitAsync(Hang).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            throw new XunitException($"the ingest of the drop folder did not return within {Hang.TotalSeconds} s");
        }
    }

    /// <summary>
    /// What must hold for one file of a run whatever it held; returns the file with its quarantine rows.
    /// <paramref name="rewrittenLater"/>: rows of this file a later file of the same run updated (they carry its batch).
    /// </summary>
    public IngestedFile Check(FileResult file, int rewrittenLater = 0)
    {
        var fileName = file.FileName;
        var entity = DataContract.ForFileName(fileName)!;
        Assert.True(file.Status is FileStatus.Committed or FileStatus.Rejected, $"{fileName}: {file.Status}: {file.Message}");
        var ledger = Single<(string Status, int Read, int Inserted, int Updated, int Unchanged, int Quarantined)>(
            "select status, coalesce(rows_read, 0), coalesce(rows_inserted, 0), coalesce(rows_updated, 0), coalesce(rows_unchanged, 0), coalesce(rows_quarantined, 0) from ingest_batch where batch_id = @Batch",
            file.BatchId);
        var quarantine = database.QueryAsync<QuarantineEntry>(
                "select file_name as FileName, line_number as LineNumber, field as Field, reason as Reason, raw_record as RawRecord from ingest_quarantine where batch_id = @Batch order by line_number, quarantine_id",
                new { Batch = file.BatchId })
            .GetAwaiter().GetResult();
        var written = database.ScalarAsync<long>($"select count(*) from {entity.Table} where batch_id = @Batch", new { Batch = file.BatchId })
            .GetAwaiter().GetResult();

        Assert.All(quarantine, q =>
        {
            Assert.Equal(fileName, q.FileName);
            Assert.True(q.LineNumber >= 1, $"quarantine line {q.LineNumber}");
            Assert.False(string.IsNullOrWhiteSpace(q.Reason), $"line {q.LineNumber} quarantined without a reason");
        });

        if (file.Status == FileStatus.Rejected)
        {
            // One quarantine row: at the header for a file unusable as a whole, at the line the parser stopped
            // (a malformed quote, a mix of line ends) otherwise.
            Assert.Equal("rejected", ledger.Status);
            var entry = Assert.Single(quarantine);
            Assert.Equal(file.Message, entry.Reason);
            Assert.Equal(0, written);
        }
        else
        {
            Assert.Equal("committed", ledger.Status);
            Assert.Equal((file.RowsRead, file.RowsInserted, file.RowsUpdated, file.RowsUnchanged, file.RowsQuarantined),
                (ledger.Read, ledger.Inserted, ledger.Updated, ledger.Unchanged, ledger.Quarantined));
            Assert.Equal(file.RowsRead, file.RowsInserted + file.RowsUpdated + file.RowsUnchanged + file.RowsQuarantined);
            Assert.Equal(file.RowsQuarantined, quarantine.Count);
            Assert.Equal(file.RowsInserted + file.RowsUpdated - rewrittenLater, written);
        }

        return new IngestedFile(file, quarantine);
    }

    /// <summary>The program rows a batch wrote, in the reference's terms.</summary>
    public IReadOnlyList<ExpectedProgram> ProgramsOf(long? batchId) =>
        database.QueryAsync<ExpectedProgram>(
                """
                select facility_id as FacilityId, source_program_id as ProgramId, name as Name, level_of_care as LevelOfCare,
                       asam_level as AsamLevel, asam_edition::int as AsamEdition, planned_weeks::int as PlannedWeeks,
                       planned_hours_per_week as PlannedHours
                from program where batch_id = @Batch order by facility_id, source_program_id
                """,
                new { Batch = batchId })
            .GetAwaiter().GetResult();

    private T Single<T>(string sql, long? batchId) =>
        Assert.Single(database.QueryAsync<T>(sql, new { Batch = batchId }).GetAwaiter().GetResult());
}

internal sealed record QuarantineEntry(string FileName, int LineNumber, string? Field, string Reason, string? RawRecord);

internal sealed record IngestedFile(FileResult Result, IReadOnlyList<QuarantineEntry> Quarantine);
