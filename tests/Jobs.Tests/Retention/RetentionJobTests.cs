using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Outcomes.Database.Connection;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Retention;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Retention;

/// <summary>
/// The daily retention job against a real database, acting as the administrator role: old quarantined rows go, recent
/// ones and every ledger row stay, the ledger still explains every batch's rows, and only the server's own staging
/// leftovers are removed from the configured folders.
/// </summary>
public sealed class RetentionJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 3, 4, 30, 0, TimeSpan.Zero);
    private readonly TestDatabase _database = new();
    private readonly string _source = TestJobs.NewFolder("retention");
    private readonly FakeTimeProvider _time = new(Now);
    private NpgsqlDataSource? _asAdmin;

    [Fact]
    public async Task Quarantined_rows_of_batches_finished_before_the_limit_are_removed_and_every_ledger_row_and_its_counts_stay()
    {
        // read = inserted + updated + unchanged + quarantined, with as many quarantine rows as the batch counted.
        var old = await BatchAsync(Now.AddDays(-400), read: 10, inserted: 5, updated: 2, unchanged: 1, quarantined: 2);
        var older = await BatchAsync(Now.AddDays(-500), read: 3, inserted: 0, updated: 0, unchanged: 0, quarantined: 3);
        var recent = await BatchAsync(Now.AddDays(-10), read: 4, inserted: 3, updated: 0, unchanged: 0, quarantined: 1);
        var unfinished = await BatchAsync(null, read: 1, inserted: 0, updated: 0, unchanged: 0, quarantined: 1);
        var job = Job(TestJobs.Options(_source));

        await job.RunAsync(null, CancellationToken.None);

        Assert.Equal("removed 5 quarantined row(s) of 2 batch(es) finished more than 365 days ago; 0 staging leftover(s) older than 7 days",
            await LastSummaryAsync());
        Assert.Equal([recent, unfinished], await _database.QueryAsync<long>("select batch_id from ingest_quarantine order by batch_id"));
        Assert.Equal([old, older, recent, unfinished], await _database.QueryAsync<long>("select batch_id from ingest_batch order by batch_id"));
        Assert.Equal(0, await _database.ScalarAsync<long>(
            "select count(*) from ingest_batch where rows_read <> rows_inserted + rows_updated + rows_unchanged + rows_quarantined"));
        Assert.Equal(7, await _database.ScalarAsync<long>("select sum(rows_quarantined) from ingest_batch"));
        var audit = Assert.Single(await _database.QueryAsync<(string Action, string Role, long Rows, string Detail)>(
            "select action, acting_role, row_count, detail from audit_event where action like 'retention.%'"));
        Assert.Equal(("retention.quarantine", "outcomes_admin", 5L), (audit.Action, audit.Role, audit.Rows));
        Assert.StartsWith("2 batch(es) finished before 2025-11-03 04:30 UTC", audit.Detail, StringComparison.Ordinal);

        await job.RunAsync(null, CancellationToken.None);

        Assert.Equal("removed 0 quarantined row(s) of 0 batch(es) finished more than 365 days ago; 0 staging leftover(s) older than 7 days",
            await LastSummaryAsync());
        Assert.Equal(2, await _database.ScalarAsync<long>("select count(*) from ingest_quarantine"));
        Assert.Equal(1, await _database.ScalarAsync<long>("select count(*) from audit_event where action like 'retention.%'"));
    }

    [Fact]
    public async Task The_ingest_role_may_not_remove_quarantined_rows_only_the_administrator_may()
    {
        await BatchAsync(Now.AddDays(-400), read: 1, inserted: 0, updated: 0, unchanged: 0, quarantined: 1);
        await using var asIngest = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Options = "-c role=outcomes_ingest" }.ConnectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => QuarantineRetention.RemoveAsync(asIngest, Now, 1, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Equal(1, await _database.ScalarAsync<long>("select count(*) from ingest_quarantine"));
        Assert.Equal(new QuarantineRemoval(1, 1), await QuarantineRetention.RemoveAsync(_asAdmin!, Now, 1, CancellationToken.None));
    }

    [Fact]
    public async Task Only_the_servers_own_old_temporaries_in_the_configured_folders_are_removed()
    {
        var options = TestJobs.Options(_source);
        var download = TestJobs.NewFolder("retention-sftp");
        options.Sources.Add(new SourceOptions { Name = "south", Kind = SourceKinds.Sftp, Folder = download });
        var facility = Directory.CreateDirectory(Path.Combine(options.ReportsFolder!, "north")).FullName;
        try
        {
            var gone = new[]
            {
                Write(options.ReportsFolder!, ".writing-0123456789abcdef-summary.xlsx", days: 8),
                Write(facility, ".writing-fedcba9876543210-2026-10.xlsx", days: 30),
                Write(download, "sessions.csv.part", days: 8),
            };
            var kept = new[]
            {
                Write(facility, ".writing-0123456789abcdef-2026-11.xlsx", days: 6),
                Write(facility, "2026-09.xlsx", days: 60),
                Write(facility, ".writing-notours.xlsx", days: 60),
                Write(download, "sessions.csv", days: 60),
                Write(_source, "episodes.csv.part", days: 60),
            };
            Directory.CreateDirectory(Path.Combine(facility, ".writing-0123456789abcdef-pack"));
            Directory.SetLastWriteTimeUtc(Path.Combine(facility, ".writing-0123456789abcdef-pack"), Now.AddDays(-60).UtcDateTime);

            await Job(options).RunAsync(null, CancellationToken.None);

            Assert.Equal("removed 0 quarantined row(s) of 0 batch(es) finished more than 365 days ago; 3 staging leftover(s) older than 7 days",
                await LastSummaryAsync());
            Assert.All(gone, f => Assert.False(File.Exists(f), f));
            Assert.All(kept, f => Assert.True(File.Exists(f), f));
            Assert.True(Directory.Exists(Path.Combine(facility, ".writing-0123456789abcdef-pack")));
            Assert.Equal(3, await _database.ScalarAsync<long>("select row_count from audit_event where action = 'retention.staging'"));
        }
        finally
        {
            Directory.Delete(download, recursive: true);
            Directory.Delete(options.ReportsFolder!, recursive: true);
        }
    }

    private static string Write(string folder, string name, int days)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, Now.AddDays(-days).UtcDateTime);
        return path;
    }

    private RetentionJob Job(JobsOptions options)
    {
        var roles = new RoleDataSources(_asAdmin!, _database.ConnectionString);
        return new RetentionJob(roles, TestJobs.Execution(roles), TestJobs.Wrap(options), _time, NullLogger<RetentionJob>.Instance);
    }

    private Task<string> LastSummaryAsync() =>
        _database.ScalarAsync<string>("select summary from job_run where job = 'retention' order by job_run_id desc limit 1");

    private async Task<long> BatchAsync(DateTimeOffset? finishedAt, int read, int inserted, int updated, int unchanged, int quarantined)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var batch = await connection.ExecuteScalarAsync<long>(
            """
            insert into ingest_batch (run_id, file_name, entity, sha256, status, rows_read, rows_inserted, rows_updated, rows_unchanged,
                                      rows_quarantined, software_version, started_at, finished_at)
            values (gen_random_uuid(), 'episodes.csv', 'episodes', md5(random()::text), @Status, @Read, @Inserted, @Updated, @Unchanged,
                    @Quarantined, 'test', coalesce(@FinishedAt, @Now) - interval '1 minute', @FinishedAt)
            returning batch_id
            """,
            new { Status = finishedAt is null ? "started" : "committed", Read = read, Inserted = inserted, Updated = updated, Unchanged = unchanged,
                  Quarantined = quarantined, FinishedAt = finishedAt, Now });
        for (var line = 2; line < 2 + quarantined; line++)
        {
            await connection.ExecuteAsync(
                "insert into ingest_quarantine (batch_id, file_name, line_number, field, reason, raw_record) values (@Batch, 'episodes.csv', @Line, 'admitted_on', 'not a date', 'P1,x')",
                new { Batch = batch, Line = line });
        }

        return batch;
    }

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        // The job acts as the administrator role, as the server's own login does: the role that may delete quarantined rows.
        _asAdmin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Options = "-c role=outcomes_admin" }.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_asAdmin is not null)
        {
            await _asAdmin.DisposeAsync();
        }

        await _database.DisposeAsync();
        Directory.Delete(_source, recursive: true);
    }
}
