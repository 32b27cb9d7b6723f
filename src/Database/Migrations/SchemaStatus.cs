using Dapper;
using Npgsql;

namespace Outcomes.Database.Migrations;

/// <summary>
/// Where a database's schema stands against this build: the highest migration applied (null when the schema has not
/// been created) and the highest this build carries. <c>outcomes db status</c> shows it.
/// </summary>
public sealed record SchemaStatus(int? AppliedVersion, int LatestVersion)
{
    // Two statements: a query naming a table that does not exist fails as it is parsed, whatever guards it.
    private const string LedgerExistsSql = "select to_regclass('schema_migration') is not null";
    private const string AppliedVersionSql = "select max(version) from schema_migration";

    /// <summary>True when the highest migration of this build has been applied.</summary>
    public bool UpToDate => AppliedVersion == LatestVersion;

    /// <summary>True when a newer build has migrated the database: this build must not work on it.</summary>
    public bool NewerThanBuild => AppliedVersion > LatestVersion;

    /// <summary>Reads the applied version from <c>schema_migration</c> (only reads: any login may ask).</summary>
    public static async Task<SchemaStatus> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        var hasLedger = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(LedgerExistsSql, cancellationToken: cancellationToken));
        var applied = hasLedger
            ? await connection.ExecuteScalarAsync<int?>(new CommandDefinition(AppliedVersionSql, cancellationToken: cancellationToken))
            : null;
        return new SchemaStatus(applied, MigrationRunner.BuildVersion);
    }
}
