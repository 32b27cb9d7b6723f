using System.CommandLine;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Actions;

/// <summary><c>outcomes actions add --target ID --period P --action TEXT --owner-role ROLE --due DAY</c>: record an action plan.</summary>
internal static class ActionsAddCommand
{
    /// <summary>What <c>outcomes actions add</c> was asked for, each value in its canonical form.</summary>
    internal sealed record Settings(long TargetId, ReportingPeriod Period, string Action, string OwnerRole, DateOnly Due, DateOnly? DecidedOn);

    public static Command Create(CliContext context)
    {
        var today = context.Today;
        var target = CliOptions.Whole("--target", "The target missed (see 'outcomes targets list').", 1, long.MaxValue);
        var period = CliOptions.Period("--period", "The period it was missed in: a month (2026-10), a quarter (2026-Q3), a year (2026) or 12m:2026-10; stored in that canonical form.", today);
        var action = CliOptions.Text("--action", "The action decided.", required: true);
        var owner = CliOptions.Checked<string?>("--owner-role",
            "The role that owns it, never a person's name: one to five words ending with a role, e.g. 'program director', 'front desk lead' "
            + $"(roles: {string.Join(", ", ArgumentRules.RoleNouns)}; before them: {string.Join(", ", ArgumentRules.RoleQualifiers)}).",
            required: true, ArgumentRules.OwnerRole);
        var due = CliOptions.PlanningDay("--due", "When it is due, YYYY-MM-DD.", today, required: true);
        var decided = CliOptions.DataDay("--decided-on", "The day the action was decided, YYYY-MM-DD (today when left out; never later); its effect is judged from here.", today);
        var add = new Command("add", "Record the action decided for a missed target.") { target, period, action, owner, due, decided };
        add.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(target), parse.GetValue(period)!, parse.GetValue(action)!,
            parse.GetValue(owner)!, parse.GetValue(due)!.Value, parse.GetValue(decided)), ct));
        return add;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        if (settings.Due < (settings.DecidedOn ?? context.Today))
        {
            throw new UsageException("--due: expected a day on or after the day the action was decided.");
        }

        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var id = await new ActionPlanStore(dataSource).AddAsync(
            settings.TargetId, settings.Period.Label, settings.Action, settings.OwnerRole, settings.Due, Environment.UserName, settings.DecidedOn, ct);
        context.Output.WriteLine($"Action plan {id} recorded (planned). Update it with: outcomes actions update {id} --status in_progress");
        return 0;
    }
}
