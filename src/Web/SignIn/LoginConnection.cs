using Npgsql;
using Outcomes.Database.Connection;

namespace Outcomes.Web.SignIn;

/// <summary>
/// The connection string of a signed-in login: the server's host, port, database and TLS settings, the login's own name
/// and password, acting as <see cref="Role"/>. PostgreSQL checks the password (SCRAM-SHA-256 on the embedded cluster) and
/// applies the login's facility limits (row-level security keys them on the login, which no role switch changes).
/// </summary>
internal static class LoginConnection
{
    /// <summary>The role the pages act as: the worklist reads flags and records their reviews.</summary>
    public const DatabaseRole Role = DatabaseRole.Analyst;

    /// <summary>Connections a session may hold at once: a page reads, a review writes; nothing runs in parallel.</summary>
    public const int MaxPoolSize = 2;

    public static string For(string serverConnectionString, string login, string password)
    {
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = server.Host,
            Port = server.Port,
            Database = server.Database,
            SslMode = server.SslMode,
            RootCertificate = server.RootCertificate,
            Username = login,
            Password = password,
            // The audit trail's os_user says the step came through the web pages; the login itself is its database_user.
            Options = $"-c role={Role.RoleName()} -c outcomes.os_user=web",
            ApplicationName = "outcomes (web)",
            MaxPoolSize = MaxPoolSize,
            ConnectionIdleLifetime = 60,
            Timeout = 15,
        };
        return builder.ConnectionString;
    }
}
