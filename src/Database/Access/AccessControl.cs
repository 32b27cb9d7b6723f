using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using Outcomes.Database.Audit;
using Outcomes.Database.Connection;

namespace Outcomes.Database.Access;

/// <summary>A login that may act as Outcomes roles, and the facilities it is limited to (none: every facility).</summary>
public sealed class LoginAccess
{
    public string Login { get; init; } = "";

    public string[] Roles { get; init; } = [];

    public string[] Facilities { get; init; } = [];

    public bool CanLogin { get; init; }
}

/// <summary>
/// <c>outcomes access</c>: the logins of a center's staff and services, each a member of the Outcomes roles it needs and,
/// for a facility director in a network, limited to its facilities by row-level security (<c>facility_access</c>,
/// migration 0015). Run with the management connection (<c>OutcomesDatabase.OpenManagementAsync</c>): the daily
/// logins, the administrator's included, may read the facility limits but not change them. Every change is written to
/// the audit trail.
/// </summary>
public static partial class AccessControl
{
    /// <summary>Creates the login when it does not exist, sets its password when one is given, grants the role, and
    /// replaces its facility list.</summary>
    public static async Task GrantAsync(
        NpgsqlDataSource admin, string login, DatabaseRole role, IReadOnlyCollection<string> facilities, string? password,
        CancellationToken cancellationToken = default)
    {
        CheckLogin(login);
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RefuseToolLoginAsync(connection, transaction, login, cancellationToken);
        // Facility ids as the ingest matches them, without regard to case: the login's list keeps the stored spelling,
        // which the row-level policies compare exactly.
        var unknown = (await connection.QueryAsync<string>(new CommandDefinition(
            "select f from unnest(@Facilities::text[]) f where not exists (select 1 from facility where lower(facility_id) = lower(f))",
            new { Facilities = facilities.ToArray() }, transaction, cancellationToken: cancellationToken))).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"--facility: no facility {string.Join(", ", unknown)} has been loaded (see 'outcomes analyze').");
        }

        var stored = new List<string>();
        foreach (var facility in facilities)
        {
            stored.Add(await FacilitySpelling.StoredAsync(connection, transaction, facility, cancellationToken));
        }

        facilities = [.. stored.Distinct(StringComparer.Ordinal)];

        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from pg_roles where rolname = @Login)", new { Login = login }, transaction, cancellationToken: cancellationToken));
        // Identifiers and the password secret cannot be parameters of a DDL statement: the server quotes them itself
        // with format(%I, %L) from parameters, and the client runs the statement it returns.
        var verifier = password is null ? null : ScramVerifier.Create(password);
        var ddl = (exists, verifier) switch
        {
            (false, null) => "select format('create role %I login', @Login::text)",
            (false, _) => "select format('create role %I login password %L', @Login::text, @Verifier::text)",
            (true, null) => "select format('alter role %I login', @Login::text)",
            (true, _) => "select format('alter role %I login password %L', @Login::text, @Verifier::text)",
        };
        await ExecuteFormattedAsync(connection, transaction, ddl, new { Login = login, Verifier = verifier }, cancellationToken);
        await ExecuteFormattedAsync(connection, transaction, "select format('grant %I to %I', @Role::text, @Login::text)",
            new { Role = role.RoleName(), Login = login }, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from facility_access where login_name = @Login", new { Login = login }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into facility_access (login_name, facility_id) select @Login, unnest(@Facilities::text[])",
            new { Login = login, Facilities = facilities.ToArray() }, transaction, cancellationToken: cancellationToken));
        await AuditLog.RecordAsync(connection, new AuditEntry(
            "access.grant", $"login {login}",
            Detail: $"{role.Word()}; {(facilities.Count == 0 ? "every facility" : "facilities " + string.Join(", ", facilities))}{(password is null ? "" : "; password set")}"),
            transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Takes every Outcomes role and facility from the login and stops it logging in; the role itself stays,
    /// so the audit trail's references to it keep their meaning.</summary>
    public static async Task RevokeAsync(NpgsqlDataSource admin, string login, CancellationToken cancellationToken = default)
    {
        CheckLogin(login);
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RefuseToolLoginAsync(connection, transaction, login, cancellationToken);
        foreach (var role in DatabaseRoles.All)
        {
            await ExecuteFormattedAsync(connection, transaction,
                "select format('revoke %I from %I', @Role::text, @Login::text) where pg_has_role(@Login::text, @Role::text, 'member')",
                new { Role = role.RoleName(), Login = login }, cancellationToken);
        }

        await ExecuteFormattedAsync(connection, transaction,
            "select format('alter role %I nologin', @Login::text) where exists (select 1 from pg_roles where rolname = @Login)",
            new { Login = login }, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from facility_access where login_name = @Login", new { Login = login }, transaction, cancellationToken: cancellationToken));
        await AuditLog.RecordAsync(connection, new AuditEntry("access.revoke", $"login {login}"), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<LoginAccess>> ListAsync(NpgsqlDataSource admin, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select r.rolname as Login, r.rolcanlogin as CanLogin,
                   array(select g.rolname::text from pg_auth_members m join pg_roles g on g.oid = m.roleid
                         where m.member = r.oid and g.rolname in ('outcomes_ingest', 'outcomes_analyst', 'outcomes_reporter', 'outcomes_admin')
                         order by g.rolname) as Roles,
                   array(select a.facility_id from facility_access a where a.login_name = r.rolname order by a.facility_id) as Facilities
            from pg_roles r
            where not r.rolname like 'outcomes\_%'
              and (exists (select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid
                           where m.member = r.oid and g.rolname in ('outcomes_ingest', 'outcomes_analyst', 'outcomes_reporter', 'outcomes_admin'))
                   or exists (select 1 from facility_access a where a.login_name = r.rolname))
            order by r.rolname
            """;
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<LoginAccess>(new CommandDefinition(sql, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Refuses the logins Outcomes itself works through: the login making the change (removing or limiting it would lock
    /// every command out, or let a limited login lift its own limit), a superuser, a login that may create roles or
    /// bypass row-level security, and a member of the schema's owner role.
    /// </summary>
    private static async Task RefuseToolLoginAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string login, CancellationToken cancellationToken)
    {
        const string sql = """
            select case
                when @Login = session_user::text or @Login = current_user::text then 'it is the login making this change'
                when r.rolsuper then 'it is a superuser'
                when r.rolcreaterole or r.rolbypassrls then 'it may create roles or bypass row-level security'
                when pg_has_role(r.oid, 'outcomes_owner', 'member') then 'it acts as the owner of the Outcomes schema (it migrates)'
            end
            from pg_roles r where r.rolname = @Login
            """;
        var reason = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(sql, new { Login = login }, transaction, cancellationToken: cancellationToken));
        if (reason is not null)
        {
            throw new InvalidOperationException($"login {login}: Outcomes works through this login ({reason}); 'outcomes access' manages the logins of staff and services only.");
        }
    }

    private static async Task ExecuteFormattedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string formatSql, object parameters, CancellationToken cancellationToken)
    {
        var statement = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(formatSql, parameters, transaction, cancellationToken: cancellationToken));
        if (statement is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction, cancellationToken: cancellationToken));
        }
    }

    private static void CheckLogin(string login)
    {
        if (!LoginPattern().IsMatch(login) || login.StartsWith("outcomes", StringComparison.Ordinal) || login.StartsWith("pg_", StringComparison.Ordinal)
            || login is "postgres")
        {
            throw new InvalidOperationException(
                "login: expected 3 to 63 lower-case letters, digits or underscores, starting with a letter, not starting with outcomes or pg_, and not postgres.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{2,62}$")]
    private static partial Regex LoginPattern();
}
