using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Actions;

/// <summary><c>outcomes actions list</c>: the action plans with their status, result and history.</summary>
internal static class ActionsListCommand
{
    public static Command Create(CliContext context)
    {
        var list = new Command("list", "List the action plans with their status, result and history.");
        list.SetAction((_, ct) => RunAsync(context, ct));
        return list;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Reporter, ct);
        var table = new TextTable("plan", "target", "metric", "period", "action", "owner", "decided", "due", "status", "result", "history");
        foreach (var p in await new ActionPlanStore(dataSource).ListAsync(ct))
        {
            table.Add(p.PlanId, p.TargetId, p.Metric, p.PeriodLabel, p.Action, p.OwnerRole, p.DecidedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                p.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                p.Status, p.Result, string.Join("; ", p.History));
        }

        if (table.Count == 0)
        {
            context.Output.WriteLine("No action plans yet: outcomes actions add --target ID --period 2026-10 --action TEXT --owner-role ROLE --due DAY");
        }
        else
        {
            table.Write(context.Output);
        }

        return 0;
    }
}
