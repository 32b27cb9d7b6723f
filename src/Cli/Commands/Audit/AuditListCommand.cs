using System.CommandLine;
using System.Globalization;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Audit;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Audit;

/// <summary><c>outcomes audit list</c>: the audit trail, newest first.</summary>
internal static class AuditListCommand
{
    /// <summary>What <c>outcomes audit list</c> was asked for.</summary>
    internal sealed record Settings(DateOnly? Since, string? Action, int Limit);

    public static Command Create(CliContext context)
    {
        var since = CliOptions.DataDay("--since", "Only from this day on, YYYY-MM-DD.", context.Today);
        var action = CliOptions.Checked<string?>("--action", "Only actions starting with this, e.g. export or flag.review.", required: false, ArgumentRules.ActionPrefix);
        var limit = CliOptions.Count("--limit", "At most this many lines, newest first (1 to 100,000).", 1, 100_000, 100);
        var list = new Command("list", "List the audit trail, newest first.") { since, action, limit };
        list.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(since), parse.GetValue(action), parse.GetValue(limit)), ct));
        return list;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var admin = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct);
        var rows = await AuditLog.ListAsync(admin, settings.Since, settings.Action, settings.Limit, ct);
        var table = new TextTable("id", "when (UTC)", "login", "role", "os user (as reported)", "action", "subject", "rows", "run", "detail");
        foreach (var r in rows)
        {
            table.Add(r.AuditId, r.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.DatabaseUser, r.ActingRole,
                r.OsUser ?? "", r.Action, r.Subject, r.RowCount?.ToString(CultureInfo.InvariantCulture) ?? "", r.RunId?.ToString() ?? "", r.Detail ?? "");
        }

        if (table.Count == 0)
        {
            context.Output.WriteLine("Nothing recorded yet.");
        }
        else
        {
            table.Write(context.Output);
        }

        return 0;
    }
}
