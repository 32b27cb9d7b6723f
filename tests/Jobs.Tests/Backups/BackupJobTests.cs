using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Database.Backup;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Hosting;
using Outcomes.Jobs.Status;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Backups;

/// <summary>
/// The backup job and the restore drill inside the job server, as <c>outcomes serve</c> runs them with the management
/// login: the backup fires on its schedule into the configured folder, the drill restores it, and both are recorded in
/// <c>backup_run</c> and <c>job_run</c>.
/// </summary>
[Collection(InProcessServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class BackupJobTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _source = TestJobs.NewFolder("backup");

    private string BackupFolder => Path.Combine(_source + "-backups", "nightly");

    [LocalPostgresFact(ClientOnly = true)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_backup_fires_on_its_schedule_and_the_drill_restores_what_it_wrote()
    {
        var options = TestJobs.Options(_source);
        options.Backups = new BackupOptions { Enabled = true, Folder = BackupFolder, Schedule = "*/2 * * * * *", DrillSchedule = "0 0 1 1 *", KeepDaily = 1, KeepWeekly = 0 };

        var host = JobsHost.Build(options, database.ConnectionString, database.DataSource, TimeProvider.System, "backups", managementConnectionString: database.ConnectionString);
        await host.StartAsync();
        try
        {
            await TestJobs.WaitUntilAsync(async () => await database.ScalarAsync<long>("select count(*) from backup_run where kind = 'backup' and outcome = 'succeeded'") >= 2,
                TimeSpan.FromMinutes(2), () => "two backups did not succeed");
            host.Services.GetRequiredService<IRecurringJobManager>().Trigger("restore-drill");
            await TestJobs.WaitUntilAsync(async () => await database.ScalarAsync<long>("select count(*) from backup_run where kind = 'restore_drill'") >= 1,
                TimeSpan.FromMinutes(2), () => "the drill did not run");
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }

        var drill = await new BackupRunLog(database.DataSource).LatestAsync(BackupRun.RestoreDrill, CancellationToken.None);
        Assert.True(drill!.Succeeded, drill.Detail);
        // Two or more backups, one day kept: only the newest stays, with its manifest.
        var left = new BackupFolder(BackupFolder).List();
        Assert.Single(left);
        Assert.Equal(2, Directory.EnumerateFiles(BackupFolder).Count());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(BackupFolder));
        var status = await new JobStatusQuery(database.DataSource, database.ConnectionString).LoadAsync();
        var backup = Assert.Single(status!, s => s.Id == "backup");
        Assert.Equal("*/2 * * * * *", backup.Cron);
        // Every 2 seconds a backup may be under way when the server stops, and the stop cancels it: the last run is
        // one of those two, and every backup that finished wrote its size.
        Assert.Contains(backup.LastOutcome, new[] { "succeeded", "cancelled" });
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from job_run where job = 'backup' and outcome not in ('succeeded', 'cancelled')"));
        Assert.All(await database.QueryAsync<string>("select summary from job_run where job = 'backup' and outcome = 'succeeded'"),
            summary => Assert.Contains(" bytes: ", summary, StringComparison.Ordinal));
        Assert.Equal("succeeded", Assert.Single(status!, s => s.Id == "restore-drill").LastOutcome);
    }

    [Fact]
    public async Task Without_the_management_login_no_backup_job_is_scheduled()
    {
        var options = TestJobs.Options(_source);
        options.Backups = new BackupOptions { Enabled = true, Folder = BackupFolder };
        await using (await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "no-management"))
        {
        }

        var status = await new JobStatusQuery(database.DataSource, database.ConnectionString).LoadAsync();
        Assert.DoesNotContain(status!, s => s.Id is "backup" or "restore-drill");
        Assert.False(Directory.Exists(BackupFolder));
    }

    public void Dispose()
    {
        Directory.Delete(_source, recursive: true);
        if (Directory.Exists(_source + "-backups"))
        {
            Directory.Delete(_source + "-backups", recursive: true);
        }
    }
}
