using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Loading;

public sealed class ReingestTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Sessions = DropFolder.SessionsHeader + """

        F1,S1,E1,2026-01-05,group,180,attended,180
        F1,S2,E1,2026-01-06,individual,60,no_show,
        F1,S3,E2,2026-01-27,family,90,late,75
        F1,S4,E3,2026-02-03,psychoeducation,120,left_early,60

        """;

    [Fact]
    public async Task Ingesting_the_same_folder_twice_changes_nothing_and_skips_identical_files()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", Sessions);

        var first = await IngestHarness.IngestAsync(database, drop);
        var snapshot = await SnapshotAsync(drop.Facility);
        var second = await IngestHarness.IngestAsync(database, drop);
        var forced = await IngestHarness.IngestAsync(database, drop, force: true);

        Assert.Equal(4, first.File("sessions.csv").RowsInserted);
        Assert.All(second.Files, f => Assert.Equal(FileStatus.Skipped, f.Status));
        Assert.All(forced.Files, f => Assert.Equal(0, f.RowsInserted + f.RowsUpdated + f.RowsQuarantined));
        Assert.Equal(4, forced.File("sessions.csv").RowsUnchanged);
        Assert.Equal(snapshot, await SnapshotAsync(drop.Facility));
        Assert.Equal(3, await database.ScalarAsync<long>("select count(*) from episode where facility_id = @Facility", new { drop.Facility }));
    }

    [Fact]
    public async Task A_later_file_that_corrects_a_row_updates_it_and_records_the_batch()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", Sessions);
        await IngestHarness.IngestAsync(database, drop);

        drop.Write("sessions.csv", Sessions.Replace("F1,S2,E1,2026-01-06,individual,60,no_show,", "F1,S2,E1,2026-01-06,individual,60,attended,55", StringComparison.Ordinal));
        var correction = await IngestHarness.IngestAsync(database, drop);

        var sessions = correction.File("sessions.csv");
        Assert.Equal((0, 1, 3), (sessions.RowsInserted, sessions.RowsUpdated, sessions.RowsUnchanged));
        var row = (await database.QueryAsync<(string Status, int Minutes, long Batch)>(
            "select status, attended_minutes, batch_id from attendance_session where facility_id = @Facility and source_session_id = 'S2'",
            new { drop.Facility })).Single();
        Assert.Equal(("attended", 55, sessions.BatchId!.Value), row);
        Assert.All(correction.Files.Where(f => f.FileName != "sessions.csv"), f => Assert.Equal(FileStatus.Skipped, f.Status));
    }

    [Fact]
    public async Task Planned_hours_are_kept_as_sent_and_a_correction_in_the_second_decimal_is_an_update()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("programs.csv", DropFolder.ProgramsCsv.Replace("F1,IOP,Adult IOP,IOP,2.1,3,8,9", "F1,IOP,Adult IOP,IOP,2.1,3,8,12.25", StringComparison.Ordinal));
        await IngestHarness.IngestAsync(database, drop);
        Assert.Equal(12.25m, await HoursAsync(drop.Facility));

        drop.Write("programs.csv", DropFolder.ProgramsCsv.Replace("F1,IOP,Adult IOP,IOP,2.1,3,8,9", "F1,IOP,Adult IOP,IOP,2.1,3,8,12.26", StringComparison.Ordinal));
        var correction = await IngestHarness.IngestAsync(database, drop);

        Assert.Equal((0, 1, 1), (correction.File("programs.csv").RowsInserted, correction.File("programs.csv").RowsUpdated, correction.File("programs.csv").RowsUnchanged));
        Assert.Equal(12.26m, await HoursAsync(drop.Facility));
    }

    private Task<decimal> HoursAsync(string facility) =>
        database.ScalarAsync<decimal>(
            "select planned_hours_per_week from program where facility_id = @Facility and source_program_id = 'IOP'", new { Facility = facility });

    private Task<IReadOnlyList<string>> SnapshotAsync(string facility) =>
        database.QueryAsync<string>(
            "select attendance_session::text from attendance_session where facility_id = @Facility order by source_session_id",
            new { Facility = facility });
}
