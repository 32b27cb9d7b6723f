using System.CommandLine;
using System.Globalization;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;
using Outcomes.Jobs.Status;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes status</c>: each recurring job of the scheduled pipeline, with its last and next run.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var status = new Command("status", "List each scheduled job: its schedule, last run (outcome, duration, summary) and next run.");
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
        return 0;
    }

    private static string Format(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";
}
