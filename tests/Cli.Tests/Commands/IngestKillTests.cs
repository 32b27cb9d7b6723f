using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Bulk;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class IngestKillTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private const int SessionRows = 600_000;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-kill-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task A_process_killed_in_the_middle_of_a_file_leaves_nothing_of_it_and_the_next_run_loads_exact_counts()
    {
        var firstAdmission = new DateOnly(2024, 1, 1);
        BulkDrop.WriteSetup(_folder, SessionRows, firstAdmission);
        BulkDrop.WriteSessions(Path.Combine(_folder, "sessions.csv"), SessionRows, firstAdmission, seed: 7);

        using (var cli = CliProcess.Start(database.ConnectionString, "ingest", _folder))
        {
            // Wait until the sessions file is being copied: its batch is open and rows are streaming.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!cli.Errors.Contains("sessions.csv:", StringComparison.Ordinal))
            {
                Assert.False(cli.HasExited, "the ingest finished before it could be killed:\n" + cli.Output + cli.Errors);
                Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), "no progress from the sessions file:\n" + cli.Errors);
                await Task.Delay(20);
            }

            cli.Kill();
        }

        var afterKill = await database.QueryAsync<(string Entity, string Status)>("select entity, status from ingest_batch order by batch_id");
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.Contains(("sessions", "started"), afterKill);

        var rerun = await new FolderIngestor(database.DataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
            .IngestAsync(_folder, new IngestOptions { Today = new DateOnly(2026, 11, 25) });

        var sessions = rerun.Files.Single(f => f.Entity == "sessions");
        Assert.Equal(1, rerun.AbandonedBatches);
        Assert.Equal((FileStatus.Committed, SessionRows, SessionRows, 0), (sessions.Status, sessions.RowsRead, sessions.RowsInserted, sessions.RowsQuarantined));
        Assert.Equal(SessionRows, await database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from ingest_batch where status = 'started'"));
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from ingest_batch where status = 'abandoned' and entity = 'sessions'"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
