using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Outcomes.Database.Migrations;

namespace Outcomes.TestSupport;

/// <summary>
/// A database migrated once per schema version (the migrations and db/grants.sql, named by a hash of their text), from
/// which each test class's database is copied with <c>CREATE DATABASE ... TEMPLATE</c> instead of migrating it again.
/// Test processes running at once take turns to build it (an advisory lock on the maintenance database); it is built
/// under another name and renamed when complete, so a half-migrated template is never copied. Every object in it
/// already belongs to outcomes_owner, and a copy keeps the owners and grants.
/// </summary>
internal static class TemplateDatabase
{
    private const string Prefix = "outcomes_test_template_";

    // Any constant works; the same in every test process. Advisory locks are per database: this one is taken on "postgres".
    private const long BuildLockKey = 0x0_7c03_e500_7e57;

    private static readonly SemaphoreSlim Building = new(1, 1);
    private static string? _built;

    /// <summary>The template's name for the migrations and grants this build carries.</summary>
    public static string Name { get; } = Prefix + SchemaHash()[..16];

    /// <summary>Makes sure the template exists on the server (building it the first time); returns its name.</summary>
    public static async Task<string> EnsureAsync(string adminConnectionString)
    {
        if (_built == adminConnectionString)
        {
            return Name;
        }

        await Building.WaitAsync();
        try
        {
            if (_built != adminConnectionString)
            {
                await BuildIfMissingAsync(adminConnectionString);
                _built = adminConnectionString;
            }

            return Name;
        }
        finally
        {
            Building.Release();
        }
    }

    /// <summary>
    /// Creates <paramref name="database"/> as a copy of the template. PostgreSQL refuses the copy while anyone is
    /// connected to the template (a builder finishing, a stray session), so that refusal is tried again briefly.
    /// </summary>
    public static async Task CreateCopyAsync(string adminConnectionString, string database)
    {
        await using var admin = await OpenUnpooledAsync(adminConnectionString, "postgres");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(admin, $"create database {Quote(database)} template {Quote(Name)}");
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 100)
            {
                // "source database is being accessed by other users": wait until the other session has gone.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50 * attempt, 500)));
            }
        }
    }

    private static async Task BuildIfMissingAsync(string adminConnectionString)
    {
        await using var admin = await OpenUnpooledAsync(adminConnectionString, "postgres");
        await ExecuteAsync(admin, $"select pg_advisory_lock({BuildLockKey})");
        try
        {
            if (await ExistsAsync(admin, Name))
            {
                return;
            }

            // Left by a process that died while building (the lock is ours, so no one else is building now).
            foreach (var stale in await NamesAsync(admin, Prefix + "%_building"))
            {
                await ExecuteAsync(admin, $"drop database if exists {Quote(stale)} with (force)");
            }

            var building = Name + "_building";
            await ExecuteAsync(admin, $"create database {Quote(building)}");
            var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = building, Pooling = false }.ConnectionString;
            await using (var dataSource = NpgsqlDataSource.Create(connectionString))
            {
                await new MigrationRunner().MigrateAsync(dataSource);
            }

            // Nobody connects to the template afterwards (a copy needs it free): its connections are closed above and
            // new ones are refused. The rename makes it visible only when complete.
            await ExecuteAsync(admin, $"alter database {Quote(building)} allow_connections false");
            await ExecuteAsync(admin, $"alter database {Quote(building)} rename to {Quote(Name)}");

            // Templates of earlier schema versions are no longer copied by this checkout; one in use elsewhere stays.
            foreach (var old in await NamesAsync(admin, Prefix + "%"))
            {
                if (old != Name && !old.EndsWith("_building", StringComparison.Ordinal))
                {
                    try
                    {
                        await ExecuteAsync(admin, $"drop database if exists {Quote(old)}");
                    }
                    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse)
                    {
                    }
                }
            }
        }
        finally
        {
            await ExecuteAsync(admin, $"select pg_advisory_unlock({BuildLockKey})");
        }
    }

    private static string SchemaHash()
    {
        var text = new StringBuilder();
        foreach (var migration in MigrationRunner.Embedded())
        {
            text.Append(migration.Version).Append(' ').Append(migration.Checksum).Append('\n');
        }

        text.Append(MigrationRunner.Grants());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }

    private static async Task<NpgsqlConnection> OpenUnpooledAsync(string connectionString, string database)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = database, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string database)
    {
        await using var command = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection);
        command.Parameters.AddWithValue(database);
        return await command.ExecuteScalarAsync() is not null;
    }

    private static async Task<IReadOnlyList<string>> NamesAsync(NpgsqlConnection connection, string pattern)
    {
        await using var command = new NpgsqlCommand("select datname from pg_database where datname like $1", connection);
        command.Parameters.AddWithValue(pattern);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // Only names made here (a prefix, hex digits, "test_" and hex) reach this: plain lower-case identifiers.
    private static string Quote(string identifier) => '"' + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + '"';
}
