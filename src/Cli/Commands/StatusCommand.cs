using System.CommandLine;
using System.Globalization;
using Outcomes.Cli.Console;
using Outcomes.Database.Backup;
using Outcomes.Database.Connection;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Health;
using Outcomes.Jobs.Status;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes status</c>: each recurring job of the scheduled pipeline, with its last and next run, then the latest
/// backup and restore drill; with <c>--check</c>, one line per check and an exit code for cron and monitoring systems
/// (0 ok, 1 warning, 2 critical).
/// </summary>
internal static class StatusCommand
{
    /// <summary>What <c>outcomes status</c> was asked for: the checks instead of the table, and the server's settings file.</summary>
    internal sealed record Settings(bool Check, string? Config);

    public static Command Create(CliContext context)
    {
        var check = new Option<bool>("--check")
        {
            Description = "Check the service instead: one line per check (OK, WARNING, CRITICAL); exit 0, 1 or 2 for cron and monitoring systems. Changes nothing.",
        };
        var config = new Option<string?>("--config")
        {
            Description = $"With --check: the server's settings file, for its reports folder and thresholds (default: {JobsConfiguration.DefaultFileName} in the working folder, when there is one).",
        };
        var status = new Command("status", "List each scheduled job: its schedule, last run (outcome, duration, summary) and next run, then the last backup and restore drill; --check for monitoring.")
        {
            check, config,
        };
        status.SetAction((parse, ct) => parse.GetValue(check)
            ? CheckAsync(context, new Settings(true, parse.GetValue(config)), ct)
            : RunAsync(context, ct));
        return status;
    }

    /// <summary>
    /// The checks of <see cref="ServiceChecks"/>, worst level as the exit code. The database is reached without
    /// migrating it: a check never changes the schema, and a build older than the schema says so as a critical line.
    /// </summary>
    public static async Task<int> CheckAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        var options = JobsConfiguration.Load(settings.Config);
        string connectionString;
        try
        {
            connectionString = await OutcomesDatabase.ResolveLoginAsync(context.Settings, DatabaseRole.Admin, context.Logger, ct);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException or IOException)
        {
            // The embedded cluster would not start, or the settings name no usable server: as critical as a server down.
            context.Output.WriteLine($"{Word(CheckLevel.Critical)} {ReadinessChecks.Database}: {ex.Message}");
            return (int)CheckLevel.Critical;
        }

        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        var results = await new ServiceChecks(dataSource, connectionString, options, context.Time).RunAsync(ct);
        if (await StandbyCheckAsync(context, connectionString, ct) is { } standby)
        {
            results = [.. results, standby];
        }

        foreach (var result in results)
        {
            context.Output.WriteLine($"{Word(result.Level)} {result.Name}: {result.Detail}");
        }

        return (int)results.Max(r => r.Level);
    }

    private static string Word(CheckLevel level) => level switch
    {
        CheckLevel.Ok => "OK",
        CheckLevel.Warning => "WARNING",
        _ => "CRITICAL",
    };

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        var connectionString = await OutcomesDatabase.ResolveLoginAsync(context.Settings, DatabaseRole.Admin, context.Logger, ct);
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct);
        var jobs = await new JobStatusQuery(dataSource, connectionString).LoadAsync(ct);
        if (jobs is null)
        {
            context.Output.WriteLine("No job server has run against this database yet: start one with 'outcomes serve'.");
            await WriteBackupsAsync(context, dataSource, ct);
            await WriteStandbyAsync(context, connectionString, ct);
            return 0;
        }

        var table = new TextTable("job", "schedule", "last run (UTC)", "outcome", "duration", "next run (UTC)", "summary");
        foreach (var job in jobs)
        {
            table.Add(job.Id, $"{job.Cron} ({job.TimeZone})", Format(job.LastStarted), job.LastOutcome ?? "never run",
                job.LastDuration is { } d ? d.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s" : "",
                Format(job.NextRun), job.LastSummary);
        }

        table.Write(context.Output);
        await WriteBackupsAsync(context, dataSource, ct);
        await WriteStandbyAsync(context, connectionString, ct);
        return 0;
    }

    /// <summary>The standby check's name in <c>outcomes status --check</c>.</summary>
    public const string StandbyCheck = "standby";

    /// <summary>
    /// The standby of <c>OUTCOMES_READ_CONNECTION</c>, when one is configured: critical when it cannot be reached or is no
    /// standby (it accepts writes), a warning when it is behind by more than <see cref="ReplicaLag.WarnAfter"/>.
    /// </summary>
    private static async Task<HealthCheck?> StandbyCheckAsync(CliContext context, string primaryConnection, CancellationToken ct)
    {
        var settings = context.Settings;
        if (settings.ReadConnection is null)
        {
            return null;
        }

        var where = DatabaseSettings.Describe(settings.ReadConnection);
        try
        {
            var lag = await MeasureStandbyAsync(context, primaryConnection, ct);
            return !lag.IsStandby ? HealthCheck.Critical(StandbyCheck, $"{where} is not a standby: it accepts writes ({DatabaseSettings.ReadConnectionVariable})")
                : lag.IsLarge ? HealthCheck.Warning(StandbyCheck, $"{where} {lag.Describe()}, more than {ReplicaLag.WarnAfter.TotalMinutes:0} min: reports read what it holds")
                : HealthCheck.Ok(StandbyCheck, $"{where} {lag.Describe()}");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            return HealthCheck.Critical(StandbyCheck, $"{where} cannot be read: {ex.Message}");
        }
    }

    /// <summary>The lag of the standby of <c>OUTCOMES_READ_CONNECTION</c> behind the primary, measured as the administrator on both.</summary>
    private static async Task<ReplicaLag> MeasureStandbyAsync(CliContext context, string primaryConnection, CancellationToken ct)
    {
        var standbyConnection = await OutcomesDatabase.ResolveReadLoginAsync(context.Settings, DatabaseRole.Admin, context.Logger, ct)
            ?? throw new InvalidOperationException($"{DatabaseSettings.ReadConnectionVariable} is not set.");
        await using var primary = Npgsql.NpgsqlDataSource.Create(primaryConnection);
        await using var standby = Npgsql.NpgsqlDataSource.Create(standbyConnection);
        return await ReplicaLag.MeasureAsync(primary, standby, ct);
    }

    /// <summary>
    /// With <c>OUTCOMES_READ_CONNECTION</c>: the standby read-only work goes to and how far behind the primary it is
    /// (docs/jobs.md, "Reading from a standby"). Without it, nothing.
    /// </summary>
    private static async Task WriteStandbyAsync(CliContext context, string primaryConnection, CancellationToken ct)
    {
        var settings = context.Settings;
        if (settings.ReadConnection is null)
        {
            return;
        }

        context.Output.WriteLine();
        context.Output.WriteLine("Reports and web pages read from (docs/jobs.md, \"Reading from a standby\"):");

        ReplicaLag lag;
        try
        {
            lag = await MeasureStandbyAsync(context, primaryConnection, ct);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            context.Output.WriteLine($"  standby {DatabaseSettings.Describe(settings.ReadConnection)}: cannot be read: {ex.Message}");
            return;
        }

        context.Output.WriteLine($"  standby {DatabaseSettings.Describe(settings.ReadConnection)}: {lag.Describe()}");
        if (lag.StandbyHoldsThrough is { } through)
        {
            context.Output.WriteLine($"  last replayed transaction: {Format(through)} UTC");
        }
    }

    /// <summary>The latest backup and restore drill (<c>backup_run</c>); after a failure, also the last that succeeded.</summary>
    private static async Task WriteBackupsAsync(CliContext context, Npgsql.NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var log = new BackupRunLog(dataSource);
        context.Output.WriteLine();
        context.Output.WriteLine("Backups (docs/jobs.md, \"Backups and recovery\"):");
        foreach (var (kind, label) in new[] { (BackupRun.Backup, "last backup:       "), (BackupRun.RestoreDrill, "last restore drill:") })
        {
            var latest = await log.LatestAsync(kind, ct);
            if (latest is null)
            {
                context.Output.WriteLine($"  {label} never");
                continue;
            }

            context.Output.WriteLine($"  {label} {Describe(latest)}");
            if (!latest.Succeeded)
            {
                var succeeded = await log.LatestSucceededAsync(kind, ct);
                context.Output.WriteLine($"    last succeeded:   {(succeeded is null ? "never" : Describe(succeeded))}");
            }
        }
    }

    private static string Describe(BackupRun run)
    {
        var file = run.FileName is null ? "" : run.Bytes is { } bytes
            ? $"{run.FileName} ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes"
              + (run.SchemaVersion is { } v ? $", schema {v.ToString("0000", CultureInfo.InvariantCulture)}" : "") + "), "
            : run.FileName + ", ";
        var seconds = (run.FinishedAt - run.StartedAt).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        return $"{Format(run.StartedAt)} UTC, {(run.Succeeded ? "succeeded" : "FAILED")} in {seconds} s: {file}{run.Detail}";
    }

    private static string Format(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";
}
