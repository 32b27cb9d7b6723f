using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Connection;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Hosting;

namespace Outcomes.Cli.Commands.Serve;

/// <summary>
/// <c>outcomes serve</c>: the scheduled pipeline (Hangfire on PostgreSQL) until stopped; its subcommand
/// <c>outcomes serve hash-password</c> (<see cref="ServeHashPasswordCommand"/>) hashes dashboard users' passwords.
/// </summary>
internal static class ServeCommand
{
    /// <summary>What <c>outcomes serve</c> was asked for: the jobs settings file and the server's name (defaults when null).</summary>
    internal sealed record Settings(string? Config, string? ServerName);

    public static Command Create(CliContext context)
    {
        var config = new Option<string?>("--config")
        {
            Description = $"The jobs settings file (default: {JobsConfiguration.DefaultFileName} in the working folder, when there is one).",
        };
        var serverName = CliOptions.Text("--server-name", "The name this server shows in the dashboard (default: machine:process).", required: false, maxLength: 100);
        var serve = new Command("serve", "Run the scheduled pipeline: pull new files, nightly analysis and scoring, weekly retraining, monthly workbooks, daily data-quality checks, nightly backups with a monthly restore drill; serve the dashboard and the worklist pages (docs/jobs.md).")
        {
            config, serverName,
        };
        serve.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(config), parse.GetValue(serverName)), ct));
        serve.Subcommands.Add(ServeHashPasswordCommand.Create(context));
        return serve;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        var options = JobsConfiguration.Load(settings.Config);
        // Before anything logs: the settings' format, unless the command line or the environment chose one.
        var jsonLogs = context.UseLogFormatSetting(options.LogFormat);
        // Hangfire's tables are made (or brought up to date) by the management login, which may create objects, and
        // granted to the administrator role; the server itself works through the daily login acting as that role.
        await using (var management = await OutcomesDatabase.OpenManagementAsync(context.Settings, context.Logger, ct))
        {
            await JobsHost.PrepareStorageAsync(management, context.Logger, ct);
        }

        var connectionString = await OutcomesDatabase.ResolveLoginAsync(context.Settings, DatabaseRole.Admin, context.Logger, ct);
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct);
        // The backup job dumps every row and the drill makes a scratch database: both act as the management login.
        var managementLogin = options.Backups.Enabled ? await OutcomesDatabase.ResolveConnectionStringAsync(context.Settings, context.Logger, ct) : null;
        // The web pages read from the standby of OUTCOMES_READ_CONNECTION when one is set: refused here, before serving,
        // when it is no standby. The jobs work on the primary.
        var readConnection = context.Settings.ReadConnection;
        if (readConnection is not null)
        {
            await (await context.OpenDatabaseAsync(DatabaseRole.Admin, Workload.WebPages, ct)).DisposeAsync();
        }

        using var host = JobsHost.Build(options, connectionString, dataSource, context.Time, settings.ServerName, context.Settings.RoleConnections, managementLogin, jsonLogs, readConnection);
        context.Logger.LogInformation("Serving the scheduled pipeline: {Sources} source folder(s), dashboard {Dashboard}, web pages {Pages}; stop with Ctrl+C or SIGTERM",
            options.Sources.Count, options.Dashboard.Enabled ? options.Dashboard.Urls + JobsHost.DashboardPath : "off",
            options.Dashboard.Enabled && options.Web.Enabled ? options.Dashboard.Urls + Web.Hosting.WebPages.WorklistPath : "off");
        await host.RunAsync(ct);
        return 0;
    }
}
