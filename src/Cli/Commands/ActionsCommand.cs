using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes actions add | update | list</c>: the action-plan log for missed targets (CARF 1.N).</summary>
internal static class ActionsCommand
{
    public static Command Create(CliContext context)
    {
        var target = new Option<long>("--target") { Description = "The target missed (see 'outcomes targets list').", Required = true };
        var period = new Option<string>("--period") { Description = "The period it was missed in, e.g. 2026-10 or 2026-Q3.", Required = true };
        var action = new Option<string>("--action") { Description = "The action decided.", Required = true };
        var owner = new Option<string>("--owner-role") { Description = "The role that owns it (a role, never a person's name).", Required = true };
        var due = new Option<string>("--due") { Description = "When it is due, YYYY-MM-DD.", Required = true };
        var decided = new Option<string?>("--decided-on") { Description = "The day the action was decided, YYYY-MM-DD (today when left out); its effect is judged from here." };
        var add = new Command("add", "Record the action decided for a missed target.") { target, period, action, owner, due, decided };
        add.SetAction(async (parse, ct) =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(due), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dueOn))
            {
                throw new InvalidOperationException("--due: expected a date as YYYY-MM-DD.");
            }

            DateOnly? decidedOn = null;
            if (parse.GetValue(decided) is { } text)
            {
                decidedOn = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                    ? day
                    : throw new InvalidOperationException("--decided-on: expected a date as YYYY-MM-DD.");
            }

            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var id = await new ActionPlanStore(dataSource).AddAsync(
                parse.GetValue(target), parse.GetValue(period)!, parse.GetValue(action)!, parse.GetValue(owner)!, dueOn, Environment.UserName, decidedOn, ct);
            context.Output.WriteLine($"Action plan {id} recorded (planned). Update it with: outcomes actions update {id} --status in_progress");
            return 0;
        });

        var id = new Argument<long>("plan") { Description = "The plan id (see 'outcomes actions list')." };
        var status = new Option<string>("--status") { Description = $"The new status: {string.Join(", ", ActionPlanStore.Statuses)}.", Required = true };
        var result = new Option<string?>("--result") { Description = "What came of it: the follow-up measurement, in words and figures." };
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
