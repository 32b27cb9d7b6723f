using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Database.Embedded;
using Outcomes.Database.Migrations;

namespace Outcomes.Database.Connection;

/// <summary>Opens the process's data sources: the configured server, or the embedded cluster started on demand.</summary>
public static partial class OutcomesDatabase
{
    public static async Task<string> ResolveConnectionStringAsync(DatabaseSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        if (!settings.UsesEmbeddedCluster)
        {
            return settings.ConnectionString!;
        }

        return await EmbeddedCluster.ForProject(logger).EnsureStartedAsync(cancellationToken);
    }

    /// <summary>Builds the administrator's data source and brings the schema up to date.</summary>
    public static Task<NpgsqlDataSource> OpenAsync(DatabaseSettings settings, ILogger logger, CancellationToken cancellationToken) =>
        OpenAsync(settings, DatabaseRole.Admin, logger, cancellationToken);

    /// <summary>
    /// Brings the schema up to date (with the administrator's login, and only when something is missing), then builds a
    /// data source whose every connection acts as <paramref name="role"/>: PostgreSQL itself refuses what the role was
    /// not granted. The role is a setting of the session (reset to it whenever a pooled connection is reused), and
    /// the operating-system account goes with it for the audit trail.
    /// </summary>
    public static async Task<NpgsqlDataSource> OpenAsync(DatabaseSettings settings, DatabaseRole role, ILogger logger, CancellationToken cancellationToken)
    {
        var adminConnection = await ResolveConnectionStringAsync(settings, logger, cancellationToken);
        await using (var admin = NpgsqlDataSource.Create(adminConnection))
        {
            await new MigrationRunner(logger).MigrateAsync(admin, cancellationToken);
        }

        var login = DailyLogin(settings, role, adminConnection, logger);
        var dataSource = NpgsqlDataSource.Create(ForRole(login, role));
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            await dataSource.DisposeAsync();
            var builder = new NpgsqlConnectionStringBuilder(login);
            throw new InvalidOperationException(
                $"This command acts as {role.RoleName()}, and the login '{builder.Username}' is not a member of that role. " +
                $"An administrator can grant it ('outcomes db user add', docs/security.md) or set {DatabaseSettings.RoleVariable(role)}.", ex);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }

        return dataSource;
    }

    /// <summary>
    /// A data source acting as <paramref name="role"/> on the server <paramref name="workload"/> belongs on
    /// (<see cref="ConnectionRouting.ReadsFromStandby(Workload)"/>): the standby of <c>OUTCOMES_READ_CONNECTION</c> for
    /// read-only work when one is configured, else the primary as <see cref="OpenAsync(DatabaseSettings, DatabaseRole, ILogger, CancellationToken)"/>.
    /// A server named as the standby that accepts writes is refused; a standby far behind is named in the log. The
    /// standby's data source is paired with the primary's (<see cref="ConnectionRouting.WritesOf"/>), which lives as long
    /// as the process: audit lines of the read-only work go there.
    /// </summary>
    public static async Task<NpgsqlDataSource> OpenAsync(
        DatabaseSettings settings, DatabaseRole role, Workload workload, ILogger logger, CancellationToken cancellationToken)
    {
        var primary = await OpenAsync(settings, role, logger, cancellationToken);
        if (settings.ReadConnection is null || !ConnectionRouting.ReadsFromStandby(workload))
        {
            return primary;
        }

        var standby = NpgsqlDataSource.Create(await ResolveReadLoginAsync(settings, role, logger, cancellationToken)
            ?? throw new InvalidOperationException("unreachable: a read connection is configured"));
        try
        {
            var lag = await ReplicaLag.MeasureAsync(primary, standby, cancellationToken);
            if (!lag.IsStandby)
            {
                throw new InvalidOperationException(
                    $"{DatabaseSettings.ReadConnectionVariable} names {DatabaseSettings.Describe(settings.ReadConnection)}, which is not a standby: it accepts " +
                    "writes (pg_is_in_recovery() is false), so it is a primary of its own and its data may not be this database's. Point it at a " +
                    $"streaming replica of {DatabaseSettings.Describe(settings.ConnectionString!)} (docs/jobs.md, \"Reading from a standby\"), or unset it.");
            }

            if (lag.IsLarge)
            {
                logger.LogWarning(
                    "The standby {Standby} is {Lag}: this {Workload} reads what it holds, and says so in its data-through date",
                    DatabaseSettings.Describe(settings.ReadConnection), lag.Describe(), workload.ToString().ToLowerInvariant());
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            await standby.DisposeAsync();
            throw new InvalidOperationException(
                $"This command acts as {role.RoleName()} on the standby of {DatabaseSettings.ReadConnectionVariable}, and its login is not a member of that " +
                "role there. Logins and roles replicate from the primary: check that the standby replicates this database.", ex);
        }
        catch
        {
            await standby.DisposeAsync();
            throw;
        }

        ConnectionRouting.Pair(standby, primary);
        return standby;
    }

    /// <summary>
    /// The connection string a command acting as <paramref name="role"/> uses on the standby of <c>OUTCOMES_READ_CONNECTION</c>
    /// (the role's daily login there, <see cref="ConnectionRouting.ReadTwin"/>), with the role's session settings; null
    /// when no read connection is configured.
    /// </summary>
    public static async Task<string?> ResolveReadLoginAsync(DatabaseSettings settings, DatabaseRole role, ILogger logger, CancellationToken cancellationToken)
    {
        if (settings.ReadConnection is null)
        {
            return null;
        }

        var login = DailyLogin(settings, role, await ResolveConnectionStringAsync(settings, logger, cancellationToken), logger);
        var twin = ConnectionRouting.ReadTwin(login, settings.ReadConnection, replacesLogin: !settings.RoleConnections.ContainsKey(role));
        return new NpgsqlConnectionStringBuilder(ForRole(twin, role)) { ApplicationName = $"outcomes ({role.Word()}, standby)" }.ConnectionString;
    }

    /// <summary>
    /// The connection string a command acting as <paramref name="role"/> uses, with the role's session settings: the
    /// role's own login when one is configured, else the embedded cluster's daily-work login, else the login of
    /// <c>OUTCOMES_CONNECTION</c>. For a process that hands a connection string on (Hangfire); the schema is not migrated.
    /// </summary>
    public static async Task<string> ResolveLoginAsync(DatabaseSettings settings, DatabaseRole role, ILogger logger, CancellationToken cancellationToken) =>
        ForRole(DailyLogin(settings, role, await ResolveConnectionStringAsync(settings, logger, cancellationToken), logger), role);

    private static string DailyLogin(DatabaseSettings settings, DatabaseRole role, string managementConnection, ILogger logger) =>
        settings.RoleConnections.TryGetValue(role, out var roleConnection) ? roleConnection
        : settings.UsesEmbeddedCluster ? EmbeddedCluster.ForProject(logger).OperatorConnectionStringFor(EmbeddedCluster.DatabaseName)
        : managementConnection;

    /// <summary>
    /// The login that manages the database itself, acting as no Outcomes role: it migrates, and it changes who may log
    /// in and which facilities a login sees (<c>outcomes access</c>). The embedded cluster's superuser, or the login of
    /// <c>OUTCOMES_CONNECTION</c>. Daily work never uses it (<see cref="OpenAsync(DatabaseSettings, DatabaseRole, ILogger, CancellationToken)"/>).
    /// </summary>
    public static async Task<NpgsqlDataSource> OpenManagementAsync(DatabaseSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await ResolveConnectionStringAsync(settings, logger, cancellationToken);
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection) { ApplicationName = "outcomes (management)" }.ConnectionString);
        try
        {
            await new MigrationRunner(logger).MigrateAsync(dataSource, cancellationToken);
            return dataSource;
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The read buffer of a connection unless the connection string names one: Npgsql's 8 KB default refills (a socket
    /// read, and a reset of the command's cancellation timer under a lock) about 27,000 times for a trailing year's
    /// 1.66 million attendance rows; at 64 KB the analysis's client takes about a second of CPU less and the year's wall
    /// time drops by about as much (docs/performance.md). 64 KB a pooled connection.
    /// </summary>
    public const int ReadBufferSize = 64 * 1024;

    /// <summary>
    /// The connection string with the session settings of a role: the role itself and who is at the keyboard; and
    /// the read buffer (<see cref="ReadBufferSize"/>) when the connection string leaves it at Npgsql's default.
    /// </summary>
    public static string ForRole(string connectionString, DatabaseRole role)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.ReadBufferSize == new NpgsqlConnectionStringBuilder().ReadBufferSize)
        {
            builder.ReadBufferSize = ReadBufferSize;
        }

        var options = new List<string>();
        if (!string.IsNullOrWhiteSpace(builder.Options))
        {
            options.Add(builder.Options);
        }

        // Every role, the administrator's too: no command acts as the schema's owner (docs/security.md).
        options.Add($"-c role={role.RoleName()}");
        var osUser = OsUser();
        if (osUser.Length > 0)
        {
            options.Add($"-c outcomes.os_user={osUser}");
        }

        builder.Options = string.Join(' ', options);
        builder.ApplicationName ??= $"outcomes ({role.Word()})";
        return builder.ConnectionString;
    }

    /// <summary>The operating-system account, reduced to characters safe in a session option.</summary>
    public static string OsUser()
    {
        var name = Environment.UserName;
        var safe = UnsafeCharacters().Replace(name ?? "", "_");
        return safe.Length > 63 ? safe[..63] : safe;
    }

    [GeneratedRegex("[^A-Za-z0-9._@-]")]
    private static partial Regex UnsafeCharacters();
}
