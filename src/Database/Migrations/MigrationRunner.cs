using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Outcomes.Database.Migrations;

/// <summary>
/// Applies the numbered migrations in <c>db/migrations</c> in order, each in its own transaction, and records
/// them in <c>schema_migration</c>. An advisory lock makes two processes starting at once take turns; an
/// applied migration whose text later changed is refused rather than silently skipped.
/// </summary>
public sealed partial class MigrationRunner(ILogger? logger = null)
{
    // Any constant works; it only has to be the same in every Outcomes process.
    private const long MigrationLockKey = 0x0_7c03_e500_0001;

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("migrations/", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(m => m.Version)
            .ToList();
    }

    public async Task<IReadOnlyList<Migration>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        var migrations = Embedded();
        var applied = new List<Migration>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_lock(@Key)", new { Key = MigrationLockKey }, cancellationToken: cancellationToken));
        try
        {
            const string createLedger = """
                create table if not exists schema_migration (
                    version integer primary key,
                    name text not null,
                    checksum text not null,
                    applied_at timestamptz not null default now()
                )
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
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "select pg_advisory_unlock(@Key)", new { Key = MigrationLockKey }, cancellationToken: CancellationToken.None));
        }

        return applied;
    }

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
        var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql))).ToLowerInvariant();
        return new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, sql, checksum);
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
