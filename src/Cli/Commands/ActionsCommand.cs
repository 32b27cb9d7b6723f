using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes actions add | update | list</c>: the action-plan log for missed targets (CARF 1.N).</summary>
internal static class ActionsCommand
{
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
        add.SetAction(async (parse, ct) =>
        {
            var dueOn = parse.GetValue(due)!.Value;
            var decidedOn = parse.GetValue(decided);
            if (dueOn < (decidedOn ?? context.Today))
            {
                throw new UsageException("--due: expected a day on or after the day the action was decided.");
            }

            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var id = await new ActionPlanStore(dataSource).AddAsync(
                parse.GetValue(target), parse.GetValue(period)!.Label, parse.GetValue(action)!, parse.GetValue(owner)!, dueOn, Environment.UserName, decidedOn, ct);
            context.Output.WriteLine($"Action plan {id} recorded (planned). Update it with: outcomes actions update {id} --status in_progress");
            return 0;
        });

        var id = CliOptions.Id("plan", "The plan id (see 'outcomes actions list').");
        var status = CliOptions.OneOf("--status", $"The new status: {string.Join(", ", ActionPlanStore.Statuses)}.", ActionPlanStore.Statuses, required: true);
        var result = CliOptions.Text("--result", "What came of it: the follow-up measurement, in words and figures.", required: false);
        var update = new Command("update", "Change a plan's status and record its result; every change is kept with who made it.") { id, status, result };
        update.SetAction(async (parse, ct) =>
        {
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            if (!await new ActionPlanStore(dataSource).UpdateAsync(parse.GetValue(id), parse.GetValue(status)!, parse.GetValue(result), Environment.UserName, ct))
            {
                context.Output.WriteLine($"There is no action plan {parse.GetValue(id)}.");
                return 2;
            }

            context.Output.WriteLine($"Action plan {parse.GetValue(id)}: {parse.GetValue(status)}.");
            return 0;
        });

        var list = new Command("list", "List the action plans with their status, result and history.");
        list.SetAction(async (_, ct) =>
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
        });

        return new Command("actions", "Action plans for missed targets: what was decided, who owns it, and what came of it.") { add, update, list };
    }
}
