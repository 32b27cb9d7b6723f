using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;
using Outcomes.Database.Migrations;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Dashboard;
using Outcomes.Jobs.Hosting;
using Outcomes.Jobs.Status;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes serve</c>: the scheduled pipeline (Hangfire on PostgreSQL) until stopped; <c>outcomes serve
/// hash-password</c> for dashboard users; <c>outcomes status</c>: each recurring job's last and next run.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var config = ConfigOption();
        var serverName = CliOptions.Text("--server-name", "The name this server shows in the dashboard (default: machine:process).", required: false, maxLength: 100);
        var serve = new Command("serve", "Run the scheduled pipeline: pull new files, nightly analysis and scoring, weekly retraining, monthly workbooks, daily data-quality checks (docs/jobs.md).")
        {
            config, serverName,
        };
        serve.SetAction(async (parse, ct) =>
        {
            var options = JobsConfiguration.Load(parse.GetValue(config));
            // Hangfire's tables are made (or brought up to date) by the management login, which may create objects, and
            // granted to the administrator role; the server itself works through the daily login acting as that role.
            await using (var management = await OutcomesDatabase.OpenManagementAsync(context.Settings, context.Logger, ct))
            {
                await JobsHost.PrepareStorageAsync(management, context.Logger, ct);
            }

            var connectionString = await OutcomesDatabase.ResolveLoginAsync(context.Settings, DatabaseRole.Admin, context.Logger, ct);
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct);
            using var host = JobsHost.Build(options, connectionString, dataSource, context.Time, parse.GetValue(serverName), context.Settings.RoleConnections);
            context.Logger.LogInformation("Serving the scheduled pipeline: {Sources} source folder(s), dashboard {Dashboard}; stop with Ctrl+C or SIGTERM",
                options.Sources.Count, options.Dashboard.Enabled ? options.Dashboard.Urls + JobsHost.DashboardPath : "off");
            await host.RunAsync(ct);
            return 0;
        });

        var hash = new Command("hash-password", "Read a dashboard user's password from standard input and print the hash to put in Jobs:Dashboard:Users.");
        hash.SetAction(_ =>
        {
            var password = ReadPassword();
            if (string.IsNullOrEmpty(password))
            {
                System.Console.Error.WriteLine("outcomes: expected a password on standard input.");
                return 1;
            }

            context.Output.WriteLine(PasswordHash.Create(password));
            return 0;
        });
        serve.Subcommands.Add(hash);
        return serve;
    }

    public static Command Status(CliContext context)
    {
        var status = new Command("status", "List each scheduled job: its schedule, last run (outcome, duration, summary) and next run.");
        status.SetAction(async (_, ct) =>
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
        });
        return status;
    }

    private static Option<string?> ConfigOption() => new("--config")
    {
        Description = $"The jobs settings file (default: {JobsConfiguration.DefaultFileName} in the working folder, when there is one).",
    };

    private static string Format(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";

    private static string? ReadPassword()
    {
        if (System.Console.IsInputRedirected)
        {
            return System.Console.In.ReadLine();
        }

        System.Console.Error.Write("Password (not shown): ");
        var typed = new System.Text.StringBuilder();
        for (var key = System.Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = System.Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && typed.Length > 0)
            {
                typed.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        System.Console.Error.WriteLine();
        return typed.ToString();
    }
}
