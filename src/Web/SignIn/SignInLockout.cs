using Dapper;
using Npgsql;
using Outcomes.Database.Audit;

namespace Outcomes.Web.SignIn;

/// <summary>
/// Locks a login out of the web pages after <see cref="WebOptions.MaxFailedSignIns"/> wrong passwords within
/// <see cref="WebOptions.LockoutMinutes"/>, for that long (table <c>web_sign_in_failure</c>, migration 0032). Kept by the
/// server's own login: a wrong password opens no connection as the login. A lock is written to the audit trail.
/// </summary>
internal sealed class SignInLockout(NpgsqlDataSource server, WebOptions options, TimeProvider time)
{
    private TimeSpan Window => TimeSpan.FromMinutes(options.LockoutMinutes);

    /// <summary>Until when the login is locked, or null when it may try.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(string login, CancellationToken cancellationToken)
    {
        const string sql = "select locked_until from web_sign_in_failure where login_name = @Login and locked_until > @Now";
        await using var connection = await server.OpenConnectionAsync(cancellationToken);
        var until = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            sql, new { Login = login, Now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
        return until is { } u ? new DateTimeOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc)) : null;
    }

    /// <summary>Counts a wrong password; returns until when the login is now locked, or null.</summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(string login, CancellationToken cancellationToken)
    {
        // A failure outside the window of the first one starts a new count; the failure that reaches the limit locks.
        const string sql = """
            insert into web_sign_in_failure as w (login_name, failures, first_failed_at, last_failed_at, locked_until)
            values (@Login, 1, @Now, @Now, case when @Max <= 1 then @Now + @Window end)
            on conflict (login_name) do update set
                failures = case when w.first_failed_at <= @Now - @Window then 1 else w.failures + 1 end,
                first_failed_at = case when w.first_failed_at <= @Now - @Window then @Now else w.first_failed_at end,
                last_failed_at = @Now,
                locked_until = case when (case when w.first_failed_at <= @Now - @Window then 1 else w.failures + 1 end) >= @Max
                                    then @Now + @Window else w.locked_until end
            returning failures, locked_until
            """;
        // Names that were never logins, and counts that ran out, go: the table stays as small as the attempts of a window.
        const string prune = "delete from web_sign_in_failure where last_failed_at <= @Now - @Window and (locked_until is null or locked_until <= @Now)";
        var now = time.GetUtcNow().UtcDateTime;
        var parameters = new { Login = login, Now = now, Window, Max = options.MaxFailedSignIns };
        await using var connection = await server.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(prune, parameters, transaction, cancellationToken: cancellationToken));
        var row = await connection.QuerySingleAsync<(int Failures, DateTime? LockedUntil)>(new CommandDefinition(
            sql, parameters, transaction, cancellationToken: cancellationToken));
        // A locked login is refused before its password is tried, so the failure that reaches the limit is the one that locks.
        if (row.Failures == options.MaxFailedSignIns && row.LockedUntil is { } locked)
        {
            await AuditLog.RecordAsync(connection, new AuditEntry(
                "web.sign_in_locked", $"login {login}",
                Detail: $"{options.MaxFailedSignIns} wrong passwords within {options.LockoutMinutes} minutes; locked until {locked:yyyy-MM-dd HH:mm} UTC"),
                transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return row.LockedUntil is { } until && until > now ? new DateTimeOffset(DateTime.SpecifyKind(until, DateTimeKind.Utc)) : null;
    }

    /// <summary>Forgets the login's failures after a successful sign-in.</summary>
    public async Task ClearAsync(string login, CancellationToken cancellationToken)
    {
        await using var connection = await server.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from web_sign_in_failure where login_name = @Login", new { Login = login }, cancellationToken: cancellationToken));
    }
}
