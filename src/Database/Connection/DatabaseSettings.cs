using Npgsql;

namespace Outcomes.Database.Connection;

/// <summary>
/// Where Outcomes keeps its data: a server named by <c>OUTCOMES_CONNECTION</c>, or, when that is not set,
/// the private cluster inside the project folder. A deployment may give each role its own login
/// (<c>OUTCOMES_CONNECTION_INGEST</c>, <c>_ANALYST</c>, <c>_REPORTER</c>); a command then connects with its role's
/// login, and <c>OUTCOMES_CONNECTION</c> is used only to bring the schema up to date. <c>OUTCOMES_READ_CONNECTION</c>
/// names a hot standby of that server, where read-only work goes (<see cref="ConnectionRouting"/>).
/// </summary>
public sealed record DatabaseSettings(string? ConnectionString)
{
    public const string ConnectionVariable = "OUTCOMES_CONNECTION";

    public const string ReadConnectionVariable = "OUTCOMES_READ_CONNECTION";

    public bool UsesEmbeddedCluster => ConnectionString is null;

    /// <summary>Role logins from <c>OUTCOMES_CONNECTION_&lt;ROLE&gt;</c>, checked like the main connection string.</summary>
    public IReadOnlyDictionary<DatabaseRole, string> RoleConnections { get; init; } = new Dictionary<DatabaseRole, string>();

    /// <summary>
    /// The streaming replica of <c>OUTCOMES_READ_CONNECTION</c>, checked like the main connection string; null when read-only
    /// work stays on the primary. Its host, port, database and TLS settings replace those of each login
    /// (<see cref="ConnectionRouting.ReadTwin"/>).
    /// </summary>
    public string? ReadConnection { get; init; }

    public static string RoleVariable(DatabaseRole role) => $"{ConnectionVariable}_{role.Word().ToUpperInvariant()}";

    public static DatabaseSettings FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(ConnectionVariable);
        var settings = string.IsNullOrWhiteSpace(value) ? new DatabaseSettings((string?)null) : Validate(value);
        var roles = new Dictionary<DatabaseRole, string>();
        foreach (var role in DatabaseRoles.All.Where(r => r != DatabaseRole.Admin))
        {
            var roleValue = Environment.GetEnvironmentVariable(RoleVariable(role));
            if (!string.IsNullOrWhiteSpace(roleValue))
            {
                if (settings.UsesEmbeddedCluster)
                {
                    throw new InvalidOperationException(
                        $"{RoleVariable(role)} is set but {ConnectionVariable} is not: role logins are for an external server, " +
                        $"and {ConnectionVariable} (the administrator's login) keeps its schema up to date.");
                }

                roles[role] = Validate(roleValue, RoleVariable(role)).ConnectionString!;
            }
        }

        var read = Environment.GetEnvironmentVariable(ReadConnectionVariable);
        string? readConnection = null;
        if (!string.IsNullOrWhiteSpace(read))
        {
            if (settings.UsesEmbeddedCluster)
            {
                throw new InvalidOperationException(
                    $"{ReadConnectionVariable} is set but {ConnectionVariable} is not: a read connection names a standby of the server " +
                    $"{ConnectionVariable} names (docs/jobs.md, \"Reading from a standby\"); the embedded cluster has none.");
            }

            readConnection = Validate(read, ReadConnectionVariable).ConnectionString;
        }

        return settings with { RoleConnections = roles, ReadConnection = readConnection };
    }

    /// <summary>Checks a connection string once, at start-up, with messages an IT person can act on.</summary>
    public static DatabaseSettings Validate(string connectionString, string variable = ConnectionVariable)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(
                $"{variable}: not a valid connection string ({ex.Message}). " +
                "Expected the form Host=server;Port=5432;Database=outcomes;Username=user;Password=secret", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new InvalidOperationException($"{variable}: host is missing (expected Host=server-name).");
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new InvalidOperationException($"{variable}: database is missing (expected Database=outcomes).");
        }

        return new DatabaseSettings(builder.ConnectionString);
    }

    /// <summary>A description safe to print: server and database, never the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
