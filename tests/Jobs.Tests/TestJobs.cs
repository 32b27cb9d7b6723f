using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Runs;
using Outcomes.Database.Connection;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests;

/// <summary>Settings and helpers the job tests share: a source folder of their own, short schedules, no dashboard.</summary>
internal static class TestJobs
{
    public static string NewFolder(string purpose)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"outcomes-jobs-{purpose}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static JobsOptions Options(string sourceFolder, string pullCron = "0 0 1 1 *") => new()
    {
        Sources = [new SourceOptions { Name = "north", Folder = sourceFolder, SettleSeconds = 0 }],
        ReportsFolder = Path.GetFullPath(Path.Combine(sourceFolder, "..", Path.GetFileName(sourceFolder) + "-reports")),
        Schedules = new ScheduleOptions
        {
            Pull = pullCron,
            // Far from now: these fire only when a test triggers them.
            Nightly = "0 0 1 1 *",
            Weekly = "0 0 1 1 *",
            Monthly = "0 0 1 1 *",
            ModelCheck = "0 0 1 1 *",
            DataQuality = "0 0 1 1 *",
        },
        PollingSeconds = 1,
        InvisibilitySeconds = 10,
        ShutdownSeconds = 5,
        Retry = new RetryOptions { Attempts = 5, DelaysSeconds = [2] },
        Dashboard = new DashboardOptions { Enabled = false },
        // Servers started as 'outcomes serve' would otherwise back the test database up at 01:00 into the checkout's home.
        Backups = new BackupOptions { Enabled = false },
        Retention = new RetentionOptions { Schedule = "0 0 1 1 *" },
    };

    /// <summary>The role data sources of a test database, as the server makes them: each job acts as its own role.</summary>
    public static RoleDataSources Roles(TestDatabase database) => new(database.DataSource, database.ConnectionString);

    public static JobExecution Execution(RoleDataSources roles) => new(roles, NullLogger<JobExecution>.Instance);

    public static IOptions<JobsOptions> Wrap(JobsOptions options) => Microsoft.Extensions.Options.Options.Create(options);

    /// <summary>Polls until <paramref name="done"/> holds, failing with <paramref name="what"/> after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, Func<string> what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(clock.Elapsed < timeout, $"Waited {timeout.TotalSeconds:F0} s: {what()}");
            await Task.Delay(200);
        }
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException($"No value from: {sql}");
    }
}
