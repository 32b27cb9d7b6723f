using Dapper;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Contract.Files;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Loading;

/// <summary>
/// The bulk merge (files large against their table) must load exactly what the ordinary merge loads. With its
/// threshold lowered to one row, a few rows drive it; each run gets a fresh database, so the table starts empty.
/// </summary>
public sealed class BulkMergeTests
{
    private static readonly IngestOptions Ordinary = new() { Today = IngestHarness.Today };
    private static readonly IngestOptions InBulk = Ordinary with { BulkMinRows = 1 };

    // A first load: a key repeated among new rows (line 6), an unknown episode, a date before its episode's
    // admission, a row that fails validation.
    private const string FirstLoad = DropFolder.SessionsHeader + """

        F1,S1,E1,2026-01-05,group,180,attended,180
        F1,S2,E1,2026-01-06,individual,60,no_show,
        F1,S3,E2,2026-01-27,family,90,late,75
        F1,S4,E3,2026-02-03,psychoeducation,120,left_early,60
        F1,S2,E1,2026-01-07,group,180,attended,170
        F1,S5,E9,2026-02-04,group,180,attended,180
        F1,S6,E2,2026-01-10,group,180,attended,180
        F1,S7,E3,2026-02-05,group,abc,attended,180
        F1,S8,E3,2026-02-06,group,180,attended,180

        """;

    // A later file: S1 unchanged, then repeated (line 4) with other values, so its first occurrence equals the stored
    // row; a correction of S2; new S9 twice; an unknown episode; S3 moved after its episode's discharge.
    private const string LaterFile = DropFolder.SessionsHeader + """

        F1,S1,E1,2026-01-05,group,180,attended,180
        F1,S2,E1,2026-01-06,individual,60,attended,55
        F1,S1,E1,2026-01-05,group,180,late,150
        F1,S9,E3,2026-02-07,group,180,attended,180
        F1,S9,E3,2026-02-08,group,180,attended,180
        F1,S10,E9,2026-02-09,group,180,attended,180
        F1,S11,E3,2026-02-10,group,180,attended,180
        F1,S12,E3,2026-02-11,group,180,attended,180
        F1,S3,E2,2026-03-21,family,90,late,75

        """;

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Slow)]
    public async Task Merging_in_bulk_gives_the_same_counts_quarantine_and_rows_as_the_ordinary_merge()
    {
        using var drop = DropFolder.WithBase();

        var ordinary = await OnFreshDatabaseAsync(database => RunScenarioAsync(database, drop, Ordinary));
        var bulk = await OnFreshDatabaseAsync(database => RunScenarioAsync(database, drop, InBulk));

        // (read, inserted, updated, unchanged, quarantined), counted by hand from the files above.
        Assert.Equal(
            [(9, 5, 0, 0, 4), (9, 0, 0, 5, 4), (9, 3, 1, 1, 4)],
            ordinary.Counts);
        Assert.Equal(ordinary.Counts, bulk.Counts);
        Assert.Equal(ordinary.Quarantine, bulk.Quarantine);
        Assert.Equal(ordinary.Rows, bulk.Rows);
        Assert.Contains($"(F1,S2,1,2026-01-06,individual,60,attended,55,{bulk.LastBatch})", bulk.Rows);
        Assert.Equal((0, 0), (ordinary.SummaryDisagreements, bulk.SummaryDisagreements));
    }

    [Fact]
    public async Task A_first_load_builds_every_index_again_a_later_file_all_but_the_key_and_small_files_none()
    {
        using var drop = DropFolder.WithBase();
        await OnFreshDatabaseAsync(async database =>
        {
            var asMigrated = await IndexDefinitionsAsync(database);
            var before = await IndexIdsAsync(database);

            drop.Write("sessions.csv", FirstLoad);
            await IngestHarness.IngestAsync(database, drop, InBulk);
            var afterFirst = await IndexIdsAsync(database);

            // As autovacuum would after a load: the table's row estimate is now its 5 rows, and the later file
            // (9 rows, at most 4 of them new) rebuilds all but the key.
            await using (var connection = await database.DataSource.OpenConnectionAsync())
            {
                await connection.ExecuteAsync("analyze attendance_session");
            }

            drop.Write("sessions.csv", LaterFile);
            await IngestHarness.IngestAsync(database, drop, InBulk);
            var afterLater = await IndexIdsAsync(database);

            drop.Write("sessions.csv", LaterFile.Replace("attended,55", "attended,50", StringComparison.Ordinal));
            var small = (await IngestHarness.IngestAsync(database, drop, Ordinary)).File("sessions.csv");
            var afterSmall = await IndexIdsAsync(database);

            Assert.NotEqual(before["attendance_session_key"], afterFirst["attendance_session_key"]);
            Assert.NotEqual(before["attendance_session_episode"], afterFirst["attendance_session_episode"]);
            Assert.Equal(afterFirst["attendance_session_key"], afterLater["attendance_session_key"]);
            Assert.NotEqual(afterFirst["attendance_session_episode"], afterLater["attendance_session_episode"]);
            Assert.NotEqual(before["attendance_session_family_attended"], afterFirst["attendance_session_family_attended"]);
            Assert.NotEqual(afterFirst["attendance_session_family_attended"], afterLater["attendance_session_family_attended"]);
            Assert.Equal(1, small.RowsUpdated);
            Assert.Equal(afterLater, afterSmall);
            Assert.Equal(asMigrated, await IndexDefinitionsAsync(database));
            return 0;
        });
    }

    [Fact]
    public void The_key_is_built_again_only_when_the_file_brings_at_least_as_many_new_rows_as_the_table_holds()
    {
        var bulk = SessionsFile.Definition.Bulk!;
        string[] others = ["attendance_session_episode", "attendance_session_family_attended"];
        string[] all = ["attendance_session_key", .. others];

        Assert.Equal(all, BulkMerge.Choose(bulk, goodRows: 500_000, tableRows: 0)!.Select(i => i.Name));
        Assert.Equal(all, BulkMerge.Choose(bulk, goodRows: 500_000, tableRows: 250_000)!.Select(i => i.Name));
        Assert.Equal(others, BulkMerge.Choose(bulk, goodRows: 500_000, tableRows: 250_001)!.Select(i => i.Name));
        Assert.Equal(others, BulkMerge.Choose(bulk, goodRows: 500_000, tableRows: 500_000)!.Select(i => i.Name));
        Assert.Null(BulkMerge.Choose(bulk, goodRows: 500_000, tableRows: 500_001));
    }

    private static async Task<Outcome> RunScenarioAsync(TestDatabase database, DropFolder drop, IngestOptions options)
    {
        var results = new List<FileResult>();

        // The summaries are checked after every file: a first load in bulk rebuilds them whole (migration 0044), the
        // later files keep them statement by statement.
        var disagreements = 0L;
        async Task IngestAsync(IngestOptions with)
        {
            results.Add((await IngestHarness.IngestAsync(database, drop, with)).File("sessions.csv"));
            disagreements += await database.ScalarAsync<long>(SessionWeekTests.Disagreements);
        }

        drop.Write("sessions.csv", FirstLoad);
        await IngestAsync(options);
        await IngestAsync(options with { Force = true });
        drop.Write("sessions.csv", LaterFile);
        await IngestAsync(options);

        var quarantine = await database.QueryAsync<string>(
            "select concat_ws(' | ', batch_id, line_number, field, reason) from ingest_quarantine where file_name = 'sessions.csv' order by quarantine_id");
        var rows = await database.QueryAsync<string>(
            "select replace(attendance_session::text, @Facility, 'F1') from attendance_session order by source_session_id", new { drop.Facility });
        return new Outcome(
            [.. results.Select(r => (r.RowsRead, r.RowsInserted, r.RowsUpdated, r.RowsUnchanged, r.RowsQuarantined))], quarantine, rows,
            results[^1].BatchId!.Value, disagreements);
    }

    private static async Task<T> OnFreshDatabaseAsync<T>(Func<TestDatabase, Task<T>> run)
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        try
        {
            return await run(database);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    private static async Task<Dictionary<string, long>> IndexIdsAsync(TestDatabase database) =>
        (await database.QueryAsync<(string Name, long Id)>(
            "select indexrelid::regclass::text, indexrelid::bigint from pg_index where indrelid = 'attendance_session'::regclass"))
        .ToDictionary(i => i.Name, i => i.Id);

    private static Task<IReadOnlyList<string>> IndexDefinitionsAsync(TestDatabase database) =>
        database.QueryAsync<string>("""
            select pg_get_indexdef(i.indexrelid) || coalesce(' as ' || c.conname || ' ' || pg_get_constraintdef(c.oid), '')
            from pg_index i left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
            where i.indrelid = 'attendance_session'::regclass
            order by 1
            """);

    private sealed record Outcome(
        IReadOnlyList<(int Read, int Inserted, int Updated, int Unchanged, int Quarantined)> Counts,
        IReadOnlyList<string> Quarantine,
        IReadOnlyList<string> Rows,
        long LastBatch,
        long SummaryDisagreements);
}
