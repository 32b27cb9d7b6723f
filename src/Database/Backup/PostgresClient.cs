using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Outcomes.Database.Embedded;

namespace Outcomes.Database.Backup;

/// <summary>
/// Runs pg_dump and pg_restore against the database of a connection string. Host, port, user, database, SSL mode
/// and password go to the child process in its environment (PGHOST, PGPASSWORD, ...): the command line, which
/// any user of the machine can read, never holds the password.
/// </summary>
internal sealed partial class PostgresClient(PostgresBinaries binaries, string connectionString)
{
    public string ConnectionString => connectionString;

    public string DatabaseName => new NpgsqlConnectionStringBuilder(connectionString).Database!;

    public Task<ProcessRunner.Result> DumpAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(binaries.PgDump, ["--no-password", .. arguments], null, cancellationToken, Environment());

    public Task<ProcessRunner.Result> RestoreAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(binaries.PgRestore, ["--no-password", .. arguments], null, cancellationToken, Environment());

    /// <summary>The major version of a client program ("pg_dump (PostgreSQL) 15.8 (Debian 15.8-0+deb12u1)" gives 15).</summary>
    public async Task<int> MajorVersionAsync(string program, CancellationToken cancellationToken)
    {
        var path = program == "pg_dump" ? binaries.PgDump : binaries.PgRestore;
        var result = await ProcessRunner.RunAsync(path, ["--version"], null, cancellationToken);
        var match = VersionPattern().Match(result.Output);
        return result.Succeeded && match.Success
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"Could not read the version of {path}: {result.Output}");
    }

    /// <summary>The server's major version (server_version_num 150008 gives 15).</summary>
    public async Task<int> ServerMajorVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection.PostgreSqlVersion.Major;
    }

    private Dictionary<string, string> Environment()
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = builder.Host ?? "localhost",
            ["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture),
            ["PGDATABASE"] = builder.Database ?? "",
            ["PGUSER"] = builder.Username ?? System.Environment.UserName,
            ["PGSSLMODE"] = builder.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Allow => "allow",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            },
            ["PGCONNECT_TIMEOUT"] = builder.Timeout.ToString(CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(builder.Password))
        {
            environment["PGPASSWORD"] = builder.Password;
        }

        return environment;
    }

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)")]
    private static partial Regex VersionPattern();
}
