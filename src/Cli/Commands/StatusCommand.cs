using System.CommandLine;
using System.Globalization;
using Outcomes.Cli.Console;
using Outcomes.Database.Backup;
using Outcomes.Database.Connection;
using Outcomes.Jobs.Status;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes status</c>: each recurring job of the scheduled pipeline, with its last and next run, then the latest
/// backup and restore drill.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var status = new Command("status", "List each scheduled job: its schedule, last run (outcome, duration, summary) and next run; then the last backup and restore drill.");
        status.SetAction((_, ct) => RunAsync(context, ct));
        return status;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        var connectionString = await OutcomesDatabase.ResolveLoginAsync(context.Settings, DatabaseRole.Admin, context.Logger, ct);
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct);
        var jobs = await new JobStatusQuery(dataSource, connectionString).LoadAsync(ct);
        if (jobs is null)
        {
            context.Output.WriteLine("No job server has run against this database yet: start one with 'outcomes serve'.");
            await WriteBackupsAsync(context, dataSource, ct);
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
        return 0;
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
