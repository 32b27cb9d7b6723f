using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Outcomes.Database.Locks;

namespace Outcomes.Database.Migrations;

/// <summary>
/// Applies the numbered migrations in <c>db/migrations</c> in order, each in its own transaction, and records
/// them in <c>schema_migration</c>. An advisory lock makes two processes starting at once take turns, and waits for the
/// scheduled jobs running (each holds it shared); an applied migration whose text later changed is refused rather than
/// silently skipped, and so is a schema a newer build migrated (<see cref="SchemaNewerThanBuildException"/>).
/// </summary>
public sealed partial class MigrationRunner(ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    private static readonly Lazy<int> LatestEmbedded = new(() => Embedded().Max(m => m.Version));

    /// <summary>The highest migration this build carries: the schema version it was built for.</summary>
    public static int BuildVersion => LatestEmbedded.Value;

    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("migrations/", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>The grants of every role (db/grants.sql), applied after the migrations whenever they or it changed.</summary>
    public static string Grants()
    {
        using var stream = typeof(MigrationRunner).Assembly.GetManifestResourceStream("grants.sql")!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>
    /// True when every migration is applied and the grants are current: a check that only reads, so that a login
    /// without the right to change the schema (a reporter, a facility-scoped user) can start when there is nothing to do.
    /// </summary>
    public static async Task<bool> IsCurrentAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        var ledgers = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select to_regclass('schema_migration') is not null and to_regclass('schema_grant') is not null", cancellationToken: cancellationToken));
        if (!ledgers)
        {
            return false;
        }

        // Every migration applied with its text unchanged (an edited one is refused on the migrating path).
        var done = (await connection.QueryAsync<(int Version, string Checksum)>(new CommandDefinition(
            "select version, checksum from schema_migration", cancellationToken: cancellationToken))).ToHashSet();
        if (!Embedded().All(m => done.Contains((m.Version, m.Checksum))))
        {
            return false;
        }

        var checksum = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select checksum from schema_grant", cancellationToken: cancellationToken));
        return checksum == Checksum(Grants());
    }

    public async Task<IReadOnlyList<Migration>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        var migrations = Embedded();
        var applied = new List<Migration>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Before anything else, the grants above all: an older build would grant the roles what it knew, not what the schema needs.
        SchemaNewerThanBuildException.ThrowIfNewer(await SchemaStatus.ReadAsync(connection, cancellationToken));
        if (await IsCurrentAsync(connection, cancellationToken))
        {
            return applied;
        }

        // As long as it takes: another process is applying the same migrations, or scheduled jobs are running (each holds
        // the lock shared until it ends), and this one must not start before they end. Jobs starting meanwhile wait for it.
        await using var held = await AdvisoryLock.TryAcquireAsync(connection, AdvisoryLock.Keys.Migration, cancellationToken)
            ?? await WaitForMigrationLockAsync(connection, cancellationToken);
        try
        {
            // A newer build may have migrated while this one waited.
            SchemaNewerThanBuildException.ThrowIfNewer(await SchemaStatus.ReadAsync(connection, cancellationToken));
            const string createLedger = """
                create table if not exists schema_migration (
                    version integer primary key,
                    name text not null,
                    checksum text not null,
                    applied_at timestamptz not null default now()
                );
                create table if not exists schema_grant (
                    checksum text not null,
                    applied_at timestamptz not null default now()
                );
                """;
            await connection.ExecuteAsync(new CommandDefinition(createLedger, cancellationToken: cancellationToken));

            var done = (await connection.QueryAsync<(int Version, string Checksum)>(new CommandDefinition(
                    "select version, checksum from schema_migration", cancellationToken: cancellationToken)))
                .ToDictionary(x => x.Version, x => x.Checksum);

            foreach (var migration in migrations)
            {
                if (done.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version:0000} ({migration.Name}) was changed after it was applied. " +
                            "Applied migrations are never edited: add a new numbered migration instead.");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into schema_migration (version, name, checksum) values (@Version, @Name, @Checksum)",
                    new { migration.Version, migration.Name, migration.Checksum },
                    transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                applied.Add(migration);
                _logger.LogInformation("Applied migration {Version:0000} {Name}", migration.Version, migration.Name);
            }

            await ApplyGrantsAsync(connection, applied.Count > 0, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                $"The database schema needs updating and this login may not do it ({ex.MessageText}). " +
                "Run 'outcomes db migrate' with the administrator's connection (see docs/security.md).", ex);
        }

        return applied;
    }

    private async Task<AdvisoryLock> WaitForMigrationLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        _logger.LogInformation("Waiting for the running jobs (or another migration) to finish before changing the schema; jobs starting meanwhile wait for this migration");
        return await AdvisoryLock.AcquireAsync(connection, AdvisoryLock.Keys.Migration, Timeout.InfiniteTimeSpan, cancellationToken);
    }

    /// <summary>
    /// Makes the next migration apply db/grants.sql again, whatever it recorded: after a restore made without privileges
    /// and owners, the recorded checksum says nothing about what the restored tables were granted.
    /// </summary>
    public static async Task ForgetGrantsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "do $$ begin if to_regclass('schema_grant') is not null then delete from schema_grant; end if; end $$",
            cancellationToken: cancellationToken));
    }

    private async Task ApplyGrantsAsync(NpgsqlConnection connection, bool migrated, CancellationToken cancellationToken)
    {
        var grants = Grants();
        var checksum = Checksum(grants);
        var stored = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("select checksum from schema_grant", cancellationToken: cancellationToken));
        if (!migrated && stored == checksum)
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(grants, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("delete from schema_grant", transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into schema_grant (checksum) values (@Checksum)", new { Checksum = checksum }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        _logger.LogInformation("Applied the role grants (db/grants.sql)");
    }

    private static string Checksum(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static Migration Load(Assembly assembly, string resourceName)
    {
        var fileName = resourceName["migrations/".Length..];
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Migration file '{fileName}' must be named NNNN_description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        return new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, sql, Checksum(sql));
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
