using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Targets;

/// <summary>
/// <c>action_plan</c> and its history: plans are added for a target, move planned → in_progress → done (or dropped),
/// and every change is kept with who made it and when.
/// </summary>
public sealed class ActionPlanStore(NpgsqlDataSource dataSource)
{
    public static readonly IReadOnlyList<string> Statuses = ["planned", "in_progress", "done", "dropped"];

    /// <param name="decidedOn">The day the action was decided; the day it is recorded when null. Never after the day it is recorded.</param>
    public async Task<long> AddAsync(
        long targetId, string periodLabel, string action, string ownerRole, DateOnly dueOn, string by, DateOnly? decidedOn = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(action) || action.Length > 2000)
        {
            throw new InvalidOperationException("--action: expected the action decided, 1 to 2,000 characters.");
        }

        if (string.IsNullOrWhiteSpace(ownerRole) || ownerRole.Length > 100)
        {
            throw new InvalidOperationException("--owner-role: expected the role that owns the action (a role, not a person's name), up to 100 characters.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var today = await connection.ExecuteScalarAsync<DateOnly>(new CommandDefinition("select current_date", cancellationToken: cancellationToken));
        if (decidedOn > today)
        {
            throw new InvalidOperationException(
                $"--decided-on: expected the day the action was decided, on or before today ({today:yyyy-MM-dd}); {decidedOn:yyyy-MM-dd} is later.");
        }

        const string sql = """
            with plan as (
                insert into action_plan (target_id, period_label, action, owner_role, due_on, created_by, decided_on)
                select target_id, @Period, @Action, @Owner, @Due, @By, @Decided from outcome_target where target_id = @Target
                returning plan_id
            ), event as (
                insert into action_plan_event (plan_id, from_status, to_status, changed_by)
                select plan_id, null, 'planned', @By from plan
            )
            select plan_id from plan
            """;
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql,
                   new { Target = targetId, Period = periodLabel, Action = action.Trim(), Owner = ownerRole.Trim(), Due = dueOn, By = by, Decided = decidedOn ?? today },
                   cancellationToken: cancellationToken))
               ?? throw new InvalidOperationException($"--target: there is no target {targetId} (see 'outcomes targets list').");
    }

    /// <summary>Changes a plan's status and, optionally, records the follow-up result; false when there is no such plan.</summary>
    public async Task<bool> UpdateAsync(long planId, string status, string? result, string by, CancellationToken cancellationToken = default)
    {
        if (!Statuses.Contains(status))
        {
            throw new InvalidOperationException($"--status: expected one of {string.Join(", ", Statuses)}.");
        }

        const string sql = """
            with before as (select plan_id, status from action_plan where plan_id = @Plan for update),
            changed as (
                update action_plan p set status = @Status, result = coalesce(@Result, p.result)
                from before where p.plan_id = before.plan_id
                returning p.plan_id
            ), event as (
                insert into action_plan_event (plan_id, from_status, to_status, result, changed_by)
                select plan_id, status, @Status, @Result, @By from before
            )
            select count(*) from changed
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql,
            new { Plan = planId, Status = status, Result = result, By = by }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<IReadOnlyList<ActionPlan>> ListAsync(CancellationToken cancellationToken = default)
    {
        const string sql = """
            select p.plan_id as PlanId, p.target_id as TargetId, t.metric as Metric, p.period_label as PeriodLabel, p.action as Action,
                   p.owner_role as OwnerRole, p.due_on as DueOn, p.status as Status, p.result as Result, p.created_by as CreatedBy, p.decided_on as DecidedOn,
                   array(select coalesce(e.from_status, 'new') || ' → ' || e.to_status || ' by ' || e.changed_by || ' on ' || to_char(e.changed_at, 'YYYY-MM-DD')
                         from action_plan_event e where e.plan_id = p.plan_id order by e.event_id) as History
            from action_plan p join outcome_target t on t.target_id = p.target_id
            order by p.due_on, p.plan_id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<ActionPlan>(new CommandDefinition(sql, cancellationToken: cancellationToken))];
    }
}
