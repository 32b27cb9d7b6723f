using Dapper;
using Npgsql;
using Outcomes.Database.Connection;

namespace Outcomes.Database.Audit;

/// <summary>One line of the audit trail: what was done and to what. Who and when are filled in by the database.</summary>
/// <param name="Action">A dotted verb, e.g. export.workbook, export.flag_worklist, flag.review, backup.</param>
/// <param name="Subject">What it concerned: a period, a facility, a file name; never a patient.</param>
public sealed record AuditEntry(string Action, string Subject, Guid? RunId = null, long? RowCount = null, string? Detail = null);

/// <summary>A recorded line, as <c>outcomes audit list</c> shows it.</summary>
public sealed record AuditEvent(
    long AuditId, DateTime OccurredAt, string DatabaseUser, string ActingRole, string? OsUser, string Action, string Subject,
    Guid? RunId, long? RowCount, string? Detail);

/// <summary>
/// The append-only audit trail (<c>audit_event</c>, migrations 0015 and 0021): every export, flag review, change of a
/// target or action plan, access change, backup and restore. Every line is added by the database function
/// <c>audit_record</c>, which takes the login, the role and the time from the server and chains the line to the one
/// before it; <see cref="AuditChain"/> checks the chain. Files written by the client (workbooks, chart packs, backups)
/// are recorded here after the file is in place.
/// </summary>
public static class AuditLog
{
    /// <summary>
    /// Records a line as the login and role of <paramref name="dataSource"/>, on the primary: a data source reading from a
    /// standby writes its audit lines through its primary twin (<see cref="ConnectionRouting.WritesOf"/>).
    /// </summary>
    public static async Task RecordAsync(NpgsqlDataSource dataSource, AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectionRouting.WritesOf(dataSource).OpenConnectionAsync(cancellationToken);
        await RecordAsync(connection, entry, null, cancellationToken);
    }

    public static Task RecordAsync(NpgsqlConnection connection, AuditEntry entry, NpgsqlTransaction? transaction, CancellationToken cancellationToken = default)
    {
        const string sql = "select audit_record(@Action, @Subject, @RunId, @RowCount, @Detail)";
        return connection.ExecuteAsync(new CommandDefinition(sql, entry, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The newest lines first, optionally only since a day and only of actions starting with a prefix.</summary>
    public static async Task<IReadOnlyList<AuditEvent>> ListAsync(
        NpgsqlDataSource dataSource, DateOnly? since, string? actionPrefix, int limit, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select audit_id as AuditId, occurred_at as OccurredAt, database_user as DatabaseUser, acting_role as ActingRole,
                   os_user as OsUser, action as Action, subject as Subject, run_id as RunId, row_count as RowCount, detail as Detail
            from audit_event
            where (@Since::date is null or occurred_at >= @Since::date)
              and (@Prefix::text is null or starts_with(action, @Prefix))
            order by chain_seq desc
            limit @Limit
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<AuditEvent>(new CommandDefinition(
            sql, new { Since = since, Prefix = actionPrefix, Limit = limit }, cancellationToken: cancellationToken))];
    }
}
