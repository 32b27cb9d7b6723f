using Npgsql;

namespace Outcomes.Web;

/// <summary>
/// What the web pages need of the database: the server's own data source (the administrator role: the sign-in lockout
/// and its audit lines), the server every login connects to (host, port, database and TLS settings of
/// <paramref name="ServerConnectionString"/>; its login and password are not used), and the center's date now; with
/// <paramref name="ReadConnectionString"/> (<c>OUTCOMES_READ_CONNECTION</c>), the hot standby where each login also
/// connects to read what the pages show (its host, port, database and TLS settings likewise).
/// </summary>
public sealed record WebDatabase(NpgsqlDataSource Server, string ServerConnectionString, Func<DateOnly> Today, string? ReadConnectionString = null);
