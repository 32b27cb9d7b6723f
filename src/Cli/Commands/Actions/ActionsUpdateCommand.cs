using System.CommandLine;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Actions;

/// <summary><c>outcomes actions update PLAN --status STATUS [--result TEXT]</c>: move a plan along; every change is kept.</summary>
internal static class ActionsUpdateCommand
{
    /// <summary>What <c>outcomes actions update</c> was asked for.</summary>
    internal sealed record Settings(long PlanId, string Status, string? Result);

    public static Command Create(CliContext context)
    {
        var id = CliOptions.Id("plan", "The plan id (see 'outcomes actions list').");
        var status = CliOptions.OneOf("--status", $"The new status: {string.Join(", ", ActionPlanStore.Statuses)}.", ActionPlanStore.Statuses, required: true);
        var result = CliOptions.Text("--result", "What came of it: the follow-up measurement, in words and figures.", required: false);
        var update = new Command("update", "Change a plan's status and record its result; every change is kept with who made it.") { id, status, result };
        update.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(id), parse.GetValue(status)!, parse.GetValue(result)), ct));
        return update;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        if (!await new ActionPlanStore(dataSource).UpdateAsync(settings.PlanId, settings.Status, settings.Result, Environment.UserName, ct))
        {
            context.Output.WriteLine($"There is no action plan {settings.PlanId}.");
            return 2;
        }

        context.Output.WriteLine($"Action plan {settings.PlanId}: {settings.Status}.");
        return 0;
    }
}
