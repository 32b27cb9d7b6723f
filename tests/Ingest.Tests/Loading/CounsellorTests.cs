using Outcomes.Ingest.Contract.Files;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Loading;

/// <summary>
/// episodes.csv's optional counsellor column (docs/data-contract.md): a drop may leave it out and loads as before, a drop
/// that sends it stores each episode's counsellor code, a changed code is an update, and a value that is not a staff code
/// quarantines its row.
/// </summary>
public sealed class CounsellorTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    // The column sits in the middle on purpose: columns are found by name, in any order.
    private const string EpisodesWithCounsellors = """
        facility_id,episode_id,patient_id,counsellor,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
        F1,E1,P1,C-F1-01,PHP,2026-01-05,2026-01-23,transferred,E2,yes
        F1,E2,P1,c_f1_02,IOP,2026-01-26,2026-03-20,completed,,yes
        F1,E3,P2,,IOP,2026-02-02,,,,no

        """;

    [Fact]
    public async Task A_drop_without_the_counsellor_column_loads_every_episode_with_no_counsellor()
    {
        using var drop = DropFolder.WithBase();

        var episodes = (await IngestHarness.IngestAsync(database, drop)).File("episodes.csv");

        Assert.Equal((FileStatus.Committed, 3, 0), (episodes.Status, episodes.RowsInserted, episodes.RowsQuarantined));
        Assert.Equal([("E1", null), ("E2", null), ("E3", null)], await CounsellorsAsync(drop));
    }

    [Fact]
    public async Task A_drop_with_counsellors_stores_them_and_a_later_drop_changing_one_counts_one_update()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("episodes.csv", EpisodesWithCounsellors);

        var first = (await IngestHarness.IngestAsync(database, drop)).File("episodes.csv");
        Assert.Equal((FileStatus.Committed, 3, 0), (first.Status, first.RowsInserted, first.RowsQuarantined));
        Assert.Equal([("E1", "C-F1-01"), ("E2", "c_f1_02"), ("E3", null)], await CounsellorsAsync(drop));

        drop.Write("episodes.csv", EpisodesWithCounsellors.Replace(",c_f1_02,", ",C-F1-07,", StringComparison.Ordinal));
        var second = (await IngestHarness.IngestAsync(database, drop)).File("episodes.csv");

        Assert.Equal((0, 1, 2, 0), (second.RowsInserted, second.RowsUpdated, second.RowsUnchanged, second.RowsQuarantined));
        Assert.Equal(second.RowsRead, second.RowsInserted + second.RowsUpdated + second.RowsUnchanged + second.RowsQuarantined);
        Assert.Equal([("E1", "C-F1-01"), ("E2", "C-F1-07"), ("E3", null)], await CounsellorsAsync(drop));
        Assert.Equal(second.BatchId, await database.ScalarAsync<long>(
            "select batch_id from episode where facility_id = @Facility and source_episode_id = 'E2'", new { drop.Facility }));
    }

    [Fact]
    public async Task A_later_drop_without_the_column_keeps_the_stored_counsellors_and_one_sending_it_empty_clears_them()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("episodes.csv", EpisodesWithCounsellors);
        await IngestHarness.IngestAsync(database, drop);
        var withoutColumn = string.Join('\n', EpisodesWithCounsellors.Split('\n').Select(line => line.Length == 0 ? line
            : string.Join(',', line.Split(',').Where((_, i) => i != 3))));

        drop.Write("episodes.csv", withoutColumn);
        var left = (await IngestHarness.IngestAsync(database, drop)).File("episodes.csv");

        // An export without the column says nothing about counsellors: nothing changes.
        Assert.Equal((FileStatus.Committed, 0, 0, 3), (left.Status, left.RowsInserted, left.RowsUpdated, left.RowsUnchanged));
        Assert.Equal([("E1", "C-F1-01"), ("E2", "c_f1_02"), ("E3", null)], await CounsellorsAsync(drop));

        drop.Write("episodes.csv", EpisodesWithCounsellors.Replace(",C-F1-01,", ",,", StringComparison.Ordinal));
        var emptied = (await IngestHarness.IngestAsync(database, drop)).File("episodes.csv");

        // One that sends the column empty says there is none now.
        Assert.Equal((0, 1, 2), (emptied.RowsInserted, emptied.RowsUpdated, emptied.RowsUnchanged));
        Assert.Equal([("E1", null), ("E2", "c_f1_02"), ("E3", null)], await CounsellorsAsync(drop));
    }

    [Fact]
    public async Task A_counsellor_that_is_not_a_staff_code_quarantines_its_row_with_the_line_and_the_reason()
    {
        using var drop = DropFolder.WithBase();
        var tooLong = new string('C', EpisodesFile.CounsellorMaxLength + 1);
        drop.Write("episodes.csv", $"""
            facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment,counsellor
            F1,E1,P1,PHP,2026-01-05,2026-01-23,transferred,E2,yes,{tooLong}
            F1,E2,P1,IOP,2026-01-26,2026-03-20,completed,,yes,Jane Smith
            F1,E3,P2,IOP,2026-02-02,,,,no,C.3
            F1,E4,P3,IOP,2026-02-09,,,,no,{new string('C', EpisodesFile.CounsellorMaxLength)}

            """);

        var episodes = (await IngestHarness.IngestAsync(database, drop)).File("episodes.csv");

        Assert.Equal((4, 1, 3), (episodes.RowsRead, episodes.RowsInserted, episodes.RowsQuarantined));
        Assert.Equal(
            [
                (2, "counsellor", $"counsellor: is 41 characters long; at most {EpisodesFile.CounsellorMaxLength} expected"),
                (3, "counsellor", "counsellor: expected a staff code of letters, digits, - and _ (never a name)"),
                (4, "counsellor", "counsellor: expected a staff code of letters, digits, - and _ (never a name)"),
            ],
            (await database.QueryAsync<(int Line, string Field, string Reason)>(
                "select line_number, field, reason from ingest_quarantine where batch_id = @Batch order by line_number",
                new { Batch = episodes.BatchId })).ToList());
        Assert.Equal([("E4", new string('C', EpisodesFile.CounsellorMaxLength))], await CounsellorsAsync(drop));
    }

    [Fact]
    public async Task The_database_refuses_a_counsellor_that_is_not_a_staff_code_whoever_writes_it()
    {
        using var drop = DropFolder.WithBase();
        await IngestHarness.IngestAsync(database, drop);

        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => database.ScalarAsync<long>(
            "with changed as (update episode set counsellor = 'Jane Smith' where facility_id = @Facility returning 1) select count(*) from changed",
            new { drop.Facility }));

        Assert.Equal(Npgsql.PostgresErrorCodes.CheckViolation, refused.SqlState);
    }

    private async Task<List<(string Episode, string? Counsellor)>> CounsellorsAsync(DropFolder drop) =>
        [.. await database.QueryAsync<(string Episode, string? Counsellor)>(
            "select source_episode_id, counsellor from episode where facility_id = @Facility order by source_episode_id", new { drop.Facility })];
}
