using Outcomes.Database.Backup;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary><c>outcomes status</c> shows the latest backup and restore drill from <c>backup_run</c>, through the real program.</summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class StatusBackupsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Status_shows_the_last_backup_and_drill_and_after_a_failure_the_last_that_succeeded()
    {
        var log = new BackupRunLog(database.DataSource);
        var night = new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);
        await log.RecordAsync(new BackupRun(BackupRun.Backup, night, night.AddSeconds(12.5), true, "outcomes-20261206T010000Z.backup", 48_213_004, 34,
            "41 tables, 1,204,311 rows; 7 backup(s) kept"), CancellationToken.None);
        await log.RecordAsync(new BackupRun(BackupRun.Backup, night.AddDays(1), night.AddDays(1).AddSeconds(2), false, null, null, null,
            "pg_dump failed (exit code 1); no backup was written: No space left on device"), CancellationToken.None);
        await log.RecordAsync(new BackupRun(BackupRun.RestoreDrill, night.AddDays(-10).AddHours(2), night.AddDays(-10).AddHours(2).AddSeconds(40), true,
            "outcomes-20261126T010000Z.backup", 47_900_112, 34, "restored into a scratch database: 41 tables, 1,198,002 rows match the manifest; schema 0034 as backed up"),
            CancellationToken.None);

        var (exit, output, errors) = await CliProcess.RunAsync(database.ConnectionString, "status");

        Assert.True(exit == 0, errors);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).SkipWhile(l => !l.StartsWith("Backups", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "Backups (docs/jobs.md, \"Backups and recovery\"):",
            "  last backup:        2026-12-07 01:00 UTC, FAILED in 2.0 s: pg_dump failed (exit code 1); no backup was written: No space left on device",
            "    last succeeded:   2026-12-06 01:00 UTC, succeeded in 12.5 s: outcomes-20261206T010000Z.backup (48,213,004 bytes, schema 0034), 41 tables, 1,204,311 rows; 7 backup(s) kept",
            "  last restore drill: 2026-11-26 03:00 UTC, succeeded in 40.0 s: outcomes-20261126T010000Z.backup (47,900,112 bytes, schema 0034), restored into a scratch database: 41 tables, 1,198,002 rows match the manifest; schema 0034 as backed up",
        ], lines.Where(l => l.Length > 0));
    }

    [Fact]
    public async Task Status_says_never_when_no_backup_or_drill_was_recorded()
    {
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using var clear = new Npgsql.NpgsqlCommand("delete from backup_run", connection);
            await clear.ExecuteNonQueryAsync();
        }

        var (exit, output, errors) = await CliProcess.RunAsync(database.ConnectionString, "status");

        Assert.True(exit == 0, errors);
        Assert.Contains("  last backup:        never", output, StringComparison.Ordinal);
        Assert.Contains("  last restore drill: never", output, StringComparison.Ordinal);
    }
}
