using Npgsql;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// Ctrl+C and SIGTERM while a command waits for the ingest lock: the real program, a real signal, a real lock held by
/// the test on a connection of its own, exactly as another ingest would hold it.
/// </summary>
public sealed class StopSignalTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    // The ingest's advisory lock key (FolderIngestor). Should it ever change, the second ingest stops waiting and the
    // test fails at "never said it was waiting", not silently.
    private const long IngestLockKey = 0x0_7c03_e500_0002;

    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-signal-").FullName;

    [Theory]
    [InlineData("TERM", 143, "SIGTERM")]
    [InlineData("INT", 130, "Ctrl+C (SIGINT)")]
    public async Task A_signal_while_waiting_for_the_ingest_lock_ends_the_command_with_the_signal_exit_code_one_line_and_nothing_written(
        string signal, int exitCode, string named)
    {
        File.WriteAllText(Path.Combine(_folder, "programs.csv"), "facility_id,program_id,name,level_of_care,planned_weeks,planned_hours_per_week\n");
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand("select pg_try_advisory_lock($1)", holder) { Parameters = { new() { Value = IngestLockKey } } })
        {
            Assert.True((bool)(await take.ExecuteScalarAsync())!);
        }

        using var cli = CliProcess.Start(database.ConnectionString, "ingest", _folder);
        using (var waiting = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            while (!cli.Errors.Contains("Another ingest is running", StringComparison.Ordinal))
            {
                Assert.False(cli.HasExited, "the second ingest ended instead of waiting for the lock:\n" + cli.Output + cli.Errors);
                await Task.Delay(50, waiting.Token);
            }
        }

        await cli.SignalAsync(signal, TimeSpan.FromMinutes(1));

        Assert.Equal(exitCode, cli.ExitCode);
        Assert.Contains($"outcomes: stopped by {named}", cli.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", cli.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", cli.Errors, StringComparison.Ordinal);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from ingest_batch"));
        // The waiting process is gone with its connection; the lock is still the test's alone.
        Assert.Equal(1, await database.ScalarAsync<long>(
            "select count(*) from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
