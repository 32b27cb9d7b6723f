using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Outcomes.Jobs.Backups;
using Outcomes.Jobs.Configuration;
using Outcomes.Pipeline.Alerts;
using Outcomes.TestSupport;
using Outcomes.TestSupport.Alerts;

namespace Outcomes.Jobs.Tests.Backups;

/// <summary>A failed nightly backup pages someone once, whatever it failed on, and the next backup that succeeds clears it.</summary>
public sealed class BackupAlertTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly string _folder = TestJobs.NewFolder("backup-alert");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_failed_backup_alerts_once_without_its_error_text_and_the_next_good_backup_clears_it()
    {
        using var webhook = new WebhookListener();
        var options = TestJobs.Options(_folder);
        options.Alerts.Webhooks.Add(webhook.Url);
        options.Backups = new BackupOptions { Enabled = true, Folder = Path.Combine(_folder, "backups"), KeepDaily = 1, KeepWeekly = 0 };
        await using var roles = TestJobs.Roles(_database);
        using var alerts = new AlertNotifier(_database.DataSource, options.Alerts, TimeProvider.System, NullLogger<AlertNotifier>.Instance, "server-a");
        // A login the server refuses: pg_dump fails, whose message names the login and the server.
        var refused = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Password = "not-the-password" }.ConnectionString;
        BackupJob Job(string login) => new(new ManagementLogin(login), roles, TestJobs.Execution(roles), TestJobs.Wrap(options), TimeProvider.System,
            NullLogger<BackupJob>.Instance, alerts);

        await Assert.ThrowsAnyAsync<Exception>(() => Job(refused).RunAsync(null, CancellationToken.None));
        await Assert.ThrowsAnyAsync<Exception>(() => Job(refused).RunAsync(null, CancellationToken.None));

        var post = Assert.Single(webhook.Received);
        Assert.Equal(("backup_failed", BackupJob.AlertTarget), (post.GetProperty("condition").GetString(), post.GetProperty("subject").GetString()));
        Assert.Equal("The backup of the database failed: the nightly backup did not complete. The previous copies are kept; see outcomes status.",
            post.GetProperty("summary").GetString());
        Assert.Equal(2, await _database.ScalarAsync<long>("select count(*) from backup_run where kind = 'backup' and outcome = 'failed'"));

        await Job(_database.ConnectionString).RunAsync(null, CancellationToken.None);
        Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from alert_state"));
        Assert.Single(webhook.Received);
    }

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
