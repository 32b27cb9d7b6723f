using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Database.Access;
using Outcomes.Database.Audit;
using Outcomes.Database.Connection;

namespace Outcomes.Web.SignIn;

/// <summary>
/// Sign-in with the logins of <c>outcomes access</c>: the password is checked by PostgreSQL itself, by connecting as the
/// login (the server stores only its SCRAM-SHA-256 verifier), and the session keeps that login's data source so that
/// every query of its requests runs as the login, under its row-level security. Sessions live in this process's memory:
/// sign-out, <see cref="WebOptions.IdleMinutes"/> unused, <see cref="WebOptions.SessionHours"/> after sign-in, or a
/// restart ends them, closing their connections and dropping the password with the data source.
/// </summary>
internal sealed partial class LoginSessions(WebDatabase database, WebOptions options, TimeProvider time, ILogger<LoginSessions> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, LoginSession> _sessions = new(StringComparer.Ordinal);
    private readonly SignInLockout _lockout = new(database.Server, options, time);

    public int Count => _sessions.Count;

    public async Task<SignInResult> SignInAsync(string login, string password, CancellationToken cancellationToken)
    {
        // Not a name 'outcomes access' could have made: no database round trip, and nothing counted against a real login.
        if (!LoginPattern().IsMatch(login) || password.Length == 0)
        {
            return SignInResult.Wrong();
        }

        if (await _lockout.LockedUntilAsync(login, cancellationToken) is { } lockedUntil)
        {
            logger.LogWarning("Web sign-in refused: login {Login} is locked until {Until:HH:mm} UTC", login, lockedUntil);
            return SignInResult.Locked(lockedUntil);
        }

        var dataSource = NpgsqlDataSource.Create(LoginConnection.For(database.ServerConnectionString, login, password));
        try
        {
            FacilityScope facilities;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                facilities = await FacilityScope.OfConnectionAsync(connection, cancellationToken);
                await AuditLog.RecordAsync(connection, new AuditEntry("web.sign_in", $"login {login}", Detail: facilities.ToString()), null, cancellationToken);
            }

            await _lockout.ClearAsync(login, cancellationToken);
            var session = new LoginSession(NewId(), login, facilities, dataSource, time.GetUtcNow(), ReadsOf(dataSource, login, password));
            _sessions[session.Id] = session;
            logger.LogInformation("Web sign-in: login {Login} ({Facilities})", login, facilities);
            return new SignInResult(session, null);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            await dataSource.DisposeAsync();
            var locked = await _lockout.RecordFailureAsync(login, cancellationToken);
            logger.LogWarning("Web sign-in refused for login {Login}: {Reason}", login, ex.SqlState == PostgresErrorCodes.InvalidPassword
                ? "wrong password or no such login" : "the login may not log in");
            return locked is { } until ? SignInResult.Locked(until) : SignInResult.Wrong();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // The password was right: the login is not a member of the role the pages act as.
            await dataSource.DisposeAsync();
            await _lockout.ClearAsync(login, cancellationToken);
            logger.LogWarning("Web sign-in refused for login {Login}: not a member of {Role}", login, LoginConnection.Role);
            return new SignInResult(null,
                $"The login {login} may not use the worklist: it needs the analyst role ('outcomes access add {login} --role analyst').");
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The login's data source on the standby the pages read (<see cref="WebDatabase.ReadConnectionString"/>), paired with
    /// its primary one (<see cref="ConnectionRouting.WritesOf"/>); null when the pages read the primary. Logins and
    /// passwords replicate, so the same login signs in there.
    /// </summary>
    private NpgsqlDataSource? ReadsOf(NpgsqlDataSource primary, string login, string password)
    {
        if (database.ReadConnectionString is null)
        {
            return null;
        }

        var reads = NpgsqlDataSource.Create(LoginConnection.For(database.ReadConnectionString, login, password));
        ConnectionRouting.Pair(reads, primary);
        return reads;
    }

    /// <summary>The live session of <paramref name="id"/>, marked as seen now; null (and ended) when it ran out.</summary>
    public async Task<LoginSession?> FindAsync(string id)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (Expired(session, now))
        {
            await EndAsync(session, "timed out");
            return null;
        }

        session.Seen(now);
        return session;
    }

    /// <summary>Ends a session at its login's request, recording the sign-out.</summary>
    public async Task SignOutAsync(string id, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return;
        }

        try
        {
            await AuditLog.RecordAsync(session.DataSource, new AuditEntry("web.sign_out", $"login {session.Login}"), cancellationToken);
        }
        finally
        {
            await EndAsync(session, "signed out");
        }
    }

    /// <summary>Ends every session that ran out (the sweeper calls it every minute).</summary>
    public async Task SweepAsync()
    {
        var now = time.GetUtcNow();
        foreach (var session in _sessions.Values.Where(s => Expired(s, now)).ToList())
        {
            await EndAsync(session, "timed out");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values.ToList())
        {
            await EndAsync(session, "the server stopped");
        }
    }

    private bool Expired(LoginSession session, DateTimeOffset now) =>
        now - session.LastSeen >= TimeSpan.FromMinutes(options.IdleMinutes) || now - session.SignedInAt >= TimeSpan.FromHours(options.SessionHours);

    private async Task EndAsync(LoginSession session, string why)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, LoginSession>(session.Id, session)))
        {
            if (session.Reads != session.DataSource)
            {
                await session.Reads.DisposeAsync();
            }

            await session.DataSource.DisposeAsync();
            logger.LogInformation("Web session of login {Login} ended: {Why}", session.Login, why);
        }
    }

    private static string NewId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // The names 'outcomes access' accepts (AccessControl).
    [GeneratedRegex("^[a-z][a-z0-9_]{2,62}$")]
    private static partial Regex LoginPattern();
}
