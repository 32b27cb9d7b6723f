using Npgsql;

namespace Outcomes.Database.Connection;

/// <summary>
/// Where Outcomes keeps its data: a server named by <c>OUTCOMES_CONNECTION</c>, or, when that is not set,
/// the private cluster inside the project folder.
/// </summary>
public sealed record DatabaseSettings(string? ConnectionString)
{
    public const string ConnectionVariable = "OUTCOMES_CONNECTION";

    public bool UsesEmbeddedCluster => ConnectionString is null;

    public static DatabaseSettings FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(ConnectionVariable);
        return string.IsNullOrWhiteSpace(value) ? new DatabaseSettings((string?)null) : Validate(value);
    }

    /// <summary>Checks a connection string once, at start-up, with messages an IT person can act on.</summary>
    public static DatabaseSettings Validate(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(
                $"{ConnectionVariable}: not a valid connection string ({ex.Message}). " +
                "Expected the form Host=server;Port=5432;Database=outcomes;Username=user;Password=secret", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new InvalidOperationException($"{ConnectionVariable}: host is missing (expected Host=server-name).");
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new InvalidOperationException($"{ConnectionVariable}: database is missing (expected Database=outcomes).");
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
