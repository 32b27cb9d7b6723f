using Dapper;
using Npgsql;

namespace Outcomes.Pipeline.Alerts;

/// <summary>
/// The <c>alert_state</c> table (migration 0033): the conditions that hold now, and whether each was notified. A
/// notification is claimed by one update (several servers may see the same condition at once; one sends).
/// </summary>
internal sealed class AlertState(NpgsqlDataSource admin)
{
    /// <summary>Records that the condition holds; returns when it was first seen if this caller is to notify, else null.</summary>
    public async Task<DateTimeOffset?> SeenAsync(Alert alert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into alert_state (condition, subject, raised_at, last_seen_at, summary)
            values (@Condition, @Subject, @Now, @Now, @Summary)
            on conflict (condition, subject) do update set last_seen_at = excluded.last_seen_at;
            update alert_state set notified_at = @Now, summary = @Summary
            where condition = @Condition and subject = @Subject and notified_at is null
            returning raised_at;
            """;
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
            sql, new { alert.Condition, alert.Subject, alert.Summary, Now = now }, cancellationToken: cancellationToken)) is { } raised
            ? new DateTimeOffset(DateTime.SpecifyKind(raised, DateTimeKind.Utc))
            : null;
    }

    /// <summary>Gives a claimed notification back, so that the next time the condition is seen it is sent again.</summary>
    public async Task UnclaimAsync(Alert alert, CancellationToken cancellationToken)
    {
        const string sql = "update alert_state set notified_at = null where condition = @Condition and subject = @Subject";
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { alert.Condition, alert.Subject }, cancellationToken: cancellationToken));
    }

    /// <summary>The condition no longer holds for these subjects (all of the condition's when null); returns those that were notified.</summary>
    public async Task<IReadOnlyList<string>> ClearAsync(string condition, IReadOnlyCollection<string>? subjects, IReadOnlyCollection<string> keep, CancellationToken cancellationToken)
    {
        const string sql = """
            delete from alert_state
            where condition = @Condition and (@Subjects::text[] is null or subject = any(@Subjects)) and not (subject = any(@Keep))
            returning subject, notified_at is not null as notified
            """;
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Subject, bool Notified)>(new CommandDefinition(
            sql, new { Condition = condition, Subjects = subjects?.ToArray(), Keep = keep.ToArray() }, cancellationToken: cancellationToken));
        return [.. rows.Where(r => r.Notified).Select(r => r.Subject)];
    }

    /// <summary>The conditions that hold now, oldest first (for <c>outcomes status</c> and the tests).</summary>
    public async Task<IReadOnlyList<(string Condition, string Subject, DateTime RaisedAt, bool Notified)>> ListAsync(CancellationToken cancellationToken)
    {
        const string sql = "select condition, subject, raised_at, notified_at is not null from alert_state order by raised_at, condition, subject";
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<(string, string, DateTime, bool)>(new CommandDefinition(sql, cancellationToken: cancellationToken))];
    }
}
