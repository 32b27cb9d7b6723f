using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs.Families;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// The <c>quarantined_rows</c> figure of a period, from real loads: two files of October that read the same number of
/// rows (3 each, 1 of them bad in each), one file rejected whole, and one file of September, after the retention job
/// has removed the quarantined rows themselves (the ledger keeps its counts).
/// </summary>
public sealed class QuarantinedRowsTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Header = "facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week";
    private static readonly DateOnly Through = new(2026, 11, 25);
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-quarantined-rows-").FullName;

    public async Task InitializeAsync()
    {
        // Each program file: two good rows and one whose level of care is not one of the contract's.
        void Programs(string name, string facility) => File.WriteAllText(Path.Combine(_folder, name), $"""
            {Header}
            {facility},IOP,Adult IOP,IOP,2.1,3,8,9
            {facility},PHP,Adult PHP,PHP,2.5,3,3,20
            {facility},RES,Adult residential,residential-ish,3.5,3,4,30

            """);
        Programs("programs_1.csv", "NORTH");
        Programs("programs_2.csv", "SOUTH");
        Programs("programs_3.csv", "WEST");
        // A header without planned_weeks: the whole file is refused, and its reason is one quarantine line.
        File.WriteAllText(Path.Combine(_folder, "programs_4.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_hours_per_week
            EAST,IOP,Adult IOP,IOP,2.1,3,9

            """);

        var run = await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(_folder, new IngestOptions { Today = Through });
        Assert.Equal(
            [("programs_1.csv", FileStatus.Committed, 3, 1), ("programs_2.csv", FileStatus.Committed, 3, 1),
             ("programs_3.csv", FileStatus.Committed, 3, 1), ("programs_4.csv", FileStatus.Rejected, 0, 0)],
            run.Files.Select(f => (f.FileName, f.Status, f.RowsRead, f.RowsQuarantined)).OrderBy(f => f.FileName, StringComparer.Ordinal));

        // The loads as they would stand a year on: files 1, 2 and 4 started in October, file 3 in September, and the
        // retention job has deleted the quarantined rows of the committed loads (the rejected file's line stays here,
        // as it would within the limit).
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            update ingest_batch set started_at = case file_name when 'programs_1.csv' then timestamp '2026-10-03 09:00'
                when 'programs_2.csv' then timestamp '2026-10-20 09:00' when 'programs_3.csv' then timestamp '2026-09-28 09:00'
                else timestamp '2026-10-21 09:00' end;
            delete from ingest_quarantine q using ingest_batch b where b.batch_id = q.batch_id and b.status = 'committed';
            """);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Quarantined_rows_are_the_ledgers_counts_of_every_load_of_the_period_even_after_retention_removed_the_rows()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var figure = await QuarantinedRowsQuery.ReadAsync(connection, PeriodParameters.For(ReportingPeriod.Parse("2026-10"), null, Through, 30), default);

        // Files 1 and 2 read 3 rows each (the same count twice) and quarantined 1 each; file 3 is September's; the
        // rejected file read no rows.
        Assert.Equal((2.0, 6.0, 1.0 / 3), (figure.Numerator!.Value, figure.Denominator!.Value, figure.Estimate!.Value));
        Assert.Equal(2, figure.N);
        Assert.Equal("rows quarantined by file loads started in the period, of rows read; 1 file rejected whole, in neither count (see outcomes batches)", figure.Note);

        // September holds file 3 alone, with no rejected file; August no load at all.
        var september = await QuarantinedRowsQuery.ReadAsync(connection, PeriodParameters.For(ReportingPeriod.Parse("2026-09"), null, Through, 30), default);
        var august = await QuarantinedRowsQuery.ReadAsync(connection, PeriodParameters.For(ReportingPeriod.Parse("2026-08"), null, Through, 30), default);

        Assert.Equal((1.0, 3.0, "rows quarantined by file loads started in the period, of rows read"), (september.Numerator!.Value, september.Denominator!.Value, september.Note));
        Assert.Equal((0.0, 0.0, (double?)null), (august.Numerator!.Value, august.Denominator!.Value, august.Estimate));
    }
}
