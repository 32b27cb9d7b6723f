using System.Globalization;
using Dapper;
using Hangfire;
using Npgsql;
using Outcomes.Database.Migrations;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.MonthlyReports;

namespace Outcomes.Jobs.Health;

/// <summary>
/// Whether a server can do its work: the database answers, its schema is the one this build was made for, Hangfire's
/// storage answers, and the reports folder takes a file and has room. <c>/readyz</c> runs these, and
/// <c>outcomes status --check</c> runs them before its own. Each check catches its own failure and gives up after
/// <see cref="HealthOptions.CheckTimeoutSeconds"/>; none writes to the database.
/// </summary>
public sealed class ReadinessChecks(NpgsqlDataSource dataSource, JobStorage storage, JobsOptions options)
{
    public const string Database = "database";
    public const string Schema = "schema";
    public const string JobStorage = "job-storage";
    public const string ReportsFolder = "reports-folder";

    private const string PingSql = "select 1";
    private const long Megabyte = 1024 * 1024;

    private TimeSpan Timeout => TimeSpan.FromSeconds(options.Health.CheckTimeoutSeconds);

    /// <summary>The four checks in order; a database that does not answer makes the schema check fail too, not wait again.</summary>
    public async Task<IReadOnlyList<HealthCheck>> RunAsync(CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync(cancellationToken);
        var schema = database.Level == CheckLevel.Ok
            ? await SchemaAsync(cancellationToken)
            : HealthCheck.Critical(Schema, "not checked: the database does not answer");
        return [database, schema, await JobStorageAsync(cancellationToken), ReportsFolderCheck()];
    }

    public Task<HealthCheck> DatabaseAsync(CancellationToken cancellationToken) => GuardAsync(Database, async ct =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(PingSql, cancellationToken: ct));
        return HealthCheck.Ok(Database, "answers");
    }, cancellationToken);

    public Task<HealthCheck> SchemaAsync(CancellationToken cancellationToken) => GuardAsync(Schema, async ct =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var status = await SchemaStatus.ReadAsync(connection, ct);
        return Describe(status);
    }, cancellationToken);

    /// <summary>The schema against this build: equal is ok; newer means restart with the newer build; older means migrate.</summary>
    public static HealthCheck Describe(SchemaStatus status) => status switch
    {
        { UpToDate: true } => HealthCheck.Ok(Schema, string.Create(CultureInfo.InvariantCulture, $"version {status.LatestVersion:0000}, this build's")),
        { NewerThanBuild: true } => HealthCheck.Critical(Schema, string.Create(CultureInfo.InvariantCulture,
            $"the database is at version {status.AppliedVersion:0000}, newer than this build ({status.LatestVersion:0000}): run the newer build (docs/jobs.md, \"Upgrading\")")),
        { AppliedVersion: null } => HealthCheck.Critical(Schema, "the database has no Outcomes schema: run 'outcomes db migrate'"),
        _ => HealthCheck.Critical(Schema, string.Create(CultureInfo.InvariantCulture,
            $"the database is at version {status.AppliedVersion:0000}, older than this build ({status.LatestVersion:0000}): run 'outcomes db migrate'")),
    };

    /// <summary>Hangfire's storage answers through Hangfire's own connections (its monitoring API lists the servers).</summary>
    public Task<HealthCheck> JobStorageAsync(CancellationToken cancellationToken) => GuardAsync(JobStorage, async ct =>
    {
        var servers = await ServersAsync(ct);
        return HealthCheck.Ok(JobStorage, string.Create(CultureInfo.InvariantCulture, $"answers ({servers.Count} server(s) registered)"));
    }, cancellationToken);

    /// <summary>The job servers Hangfire's storage knows, with their last heartbeat (Hangfire's API is synchronous).</summary>
    public async Task<IReadOnlyList<Hangfire.Storage.Monitoring.ServerDto>> ServersAsync(CancellationToken cancellationToken) =>
        [.. await Task.Run(() => storage.GetMonitoringApi().Servers(), cancellationToken).WaitAsync(Timeout, cancellationToken)];

    /// <summary>The reports folder exists (made when missing), takes a file, and its disk has the configured room.</summary>
    public HealthCheck ReportsFolderCheck()
    {
        var folder = MonthlyReportJob.FolderOf(options);
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".outcomes-ready-{Guid.NewGuid():N}");
            using (var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                file.WriteByte(0);
            }

            var free = new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace / Megabyte;
            return free >= options.Health.MinimumFreeMegabytes
                ? HealthCheck.Ok(ReportsFolder, string.Create(CultureInfo.InvariantCulture, $"{folder}: writable, {free:N0} MB free"))
                : HealthCheck.Critical(ReportsFolder, string.Create(CultureInfo.InvariantCulture,
                    $"{folder}: {free:N0} MB free, below Health:MinimumFreeMegabytes ({options.Health.MinimumFreeMegabytes:N0} MB)"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return HealthCheck.Critical(ReportsFolder, $"{folder}: not writable ({ex.Message})");
        }
    }

    private async Task<HealthCheck> GuardAsync(string name, Func<CancellationToken, Task<HealthCheck>> check, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            return await check(limit.Token).WaitAsync(Timeout, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is OperationCanceledException or TimeoutException)
        {
            return HealthCheck.Critical(name, string.Create(CultureInfo.InvariantCulture, $"no answer within {Timeout.TotalSeconds:0} s"));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            // The operator's line only (never shown on /readyz): what failed, as the driver says it.
            return HealthCheck.Critical(name, ex.Message);
        }
    }
}
