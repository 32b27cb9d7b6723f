using Outcomes.Database.Migrations;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Health;

/// <summary>
/// <c>outcomes status --check</c> as cron or a monitoring system runs it, before, while and after a real
/// <c>outcomes serve</c> runs: one line per check, exit 0 when all are ok, 1 with a warning, 2 with a critical one.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class StatusCheckTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _work = TestJobs.NewFolder("check");

    [Fact]
    public async Task The_check_exits_0_1_or_2_by_its_worst_line_and_names_what_is_wrong()
    {
        var options = TestJobs.Options(Directory.CreateDirectory(Path.Combine(_work, "inbox")).FullName);
        var config = ServerConfig.Write(options, _work);
        var build = MigrationRunner.Embedded().Max(m => m.Version);

        var (exitCode, output) = await CheckAsync(config);
        Assert.Equal(1, exitCode);
        Assert.Equal(
            [
                "OK database: answers",
                $"OK schema: version {build:0000}, this build's",
                "WARNING job-servers: no job server has run against this database yet: start one with 'outcomes serve'",
                $"OK reports-folder: {options.ReportsFolder}: writable,",
            ],
            Lines(output).Select((line, i) => i == 3 ? line[..line.IndexOf("writable,", StringComparison.Ordinal)] + "writable," : line));

        using var server = CliProcess.StartIn(database.ConnectionString, _work, "serve", "--config", config);
        // Six recurring jobs and the retention job; backups are off in the tests.
        await TestJobs.WaitUntilAsync(
            async () => await HangfireServersAsync() == 1 && await database.ScalarAsync<long>("select count(*) from hangfire.set where key = 'recurring-jobs'") == 7,
            TimeSpan.FromMinutes(2), () => "the server did not register itself and its jobs:\n" + server.Errors);
        (exitCode, output) = await CheckAsync(config);
        Assert.Equal(0, exitCode);
        Assert.Contains("OK job-storage: answers (1 server(s) registered)", Lines(output));
        Assert.Contains("OK job-servers: 1 running", Lines(output));
        Assert.Contains("OK jobs: 7 recurring, none failed on its last run", Lines(output));
        Assert.Contains("OK sources: no stale source in the latest data-quality check", Lines(output));

        // What `outcomes status` and the daily check know: a job whose last run failed, a source gone quiet.
        await database.ScalarAsync<int>("""
            insert into job_run (job, scope, finished_at, outcome, summary) values ('nightly', 'all', now(), 'failed', 'the database went away');
            insert into data_quality_finding (checked_on, check_kind, subject, measured, threshold, detail)
            values (@Today, 'stale_source', 'north', 40, 36, 'no file from source north for 40.0 h (limit 36 h)');
            select 1
            """, new { Today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime) });
        (exitCode, output) = await CheckAsync(config);
        Assert.Equal(1, exitCode);
        Assert.Contains(Lines(output), l => l.StartsWith("WARNING jobs nightly: last run failed at ", StringComparison.Ordinal) && l.EndsWith(" UTC: the database went away", StringComparison.Ordinal));
        Assert.Contains("WARNING sources north: no file from source north for 40.0 h (limit 36 h)", Lines(output));

        // A reports disk below the threshold, and a schema a newer build migrated, are critical.
        options.Health.MinimumFreeMegabytes = long.MaxValue / (1024 * 1024);
        var greedy = ServerConfig.Write(options, Directory.CreateDirectory(Path.Combine(_work, "greedy")).FullName);
        (exitCode, output) = await CheckAsync(greedy);
        Assert.Equal(2, exitCode);
        Assert.Contains(Lines(output), l => l.StartsWith($"CRITICAL reports-folder: {options.ReportsFolder}: ", StringComparison.Ordinal) && l.Contains("MB free, below Health:MinimumFreeMegabytes", StringComparison.Ordinal));
        await database.ScalarAsync<int>("insert into schema_migration (version, name, checksum) values (@Newer, 'from_a_newer_build', '-') returning version", new { Newer = build + 1 });
        (exitCode, output) = await CheckAsync(config);
        Assert.Equal(2, exitCode);
        Assert.Contains($"CRITICAL schema: the database is at version {build + 1:0000}, newer than this build ({build:0000}): run the newer build (docs/jobs.md, \"Upgrading\")", Lines(output));
        await database.ScalarAsync<int>("with gone as (delete from schema_migration where version = @Newer returning 1) select count(*)::int from gone", new { Newer = build + 1 });

        // No server running: nothing pulls, analyses or reports.
        await server.StopAsync(TimeSpan.FromSeconds(60));
        await TestJobs.WaitUntilAsync(async () => await HangfireServersAsync() == 0, TimeSpan.FromMinutes(1), () => "the stopped server stayed registered");
        (exitCode, output) = await CheckAsync(config);
        Assert.Equal(2, exitCode);
        Assert.Contains("CRITICAL job-servers: no job server has reported in the last 30 s: nothing is pulling, analysing or writing reports", Lines(output));
    }

    private async Task<(int ExitCode, string Output)> CheckAsync(string config)
    {
        var (exitCode, output, errors) = await CliProcess.RunAsync(database.ConnectionString, "status", "--check", "--config", config);
        Assert.True(exitCode is 0 or 1 or 2, $"exit {exitCode}: {errors}");
        return (exitCode, output);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Servers registered in Hangfire's storage; none until the first server has created its schema.</summary>
    private async Task<long> HangfireServersAsync()
    {
        try
        {
            return await database.ScalarAsync<long>("select count(*) from hangfire.server");
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
