using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Database.Connection;
using Outcomes.Database.Embedded;
using Outcomes.Database.Migrations;

namespace Outcomes.Database.Backup;

/// <summary>
/// <c>outcomes db restore FILE</c>: checks the archive before touching anything (it starts as a pg_dump archive,
/// it matches its manifest's SHA-256, pg_restore can read its table of contents), refuses a target that already
/// holds tables unless forced, restores in one transaction — a failure part-way leaves the target as it was —
/// without owners or privileges, then runs the migration runner so that migrations newer than the backup, and the
/// grants they set, apply.
/// </summary>
public sealed class DatabaseRestore(string connectionString, ILogger logger)
{
    /// <summary>The first bytes of every pg_dump custom-format archive.</summary>
    private static readonly byte[] ArchiveMagic = "PGDMP"u8.ToArray();

    public Task<RestoreResult> RestoreAsync(string file, bool force, CancellationToken cancellationToken) =>
        RestoreAsync(file, force, beforeMigrating: null, cancellationToken);

    /// <summary>
    /// As <see cref="RestoreAsync(string, bool, CancellationToken)"/>, calling <paramref name="beforeMigrating"/> once the
    /// archive is restored and before any migration runs: the restore drill compares the tables there, exactly as dumped.
    /// </summary>
    public async Task<RestoreResult> RestoreAsync(string file, bool force, Func<CancellationToken, Task>? beforeMigrating, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path}: no such file; expected a backup written by 'outcomes db backup'.");
        }

        if (!await StartsWithMagicAsync(path, cancellationToken))
        {
            throw new InvalidOperationException(
                $"{path} is not an Outcomes backup: expected a PostgreSQL custom-format archive (pg_dump -Fc, as 'outcomes db backup' writes).");
        }

        var bytes = new FileInfo(path).Length;
        var sha256 = await DatabaseBackup.HashAsync(path, cancellationToken);
        var manifest = BackupManifest.ReadFor(path);
        if (manifest is null)
        {
            logger.LogWarning("{File}: no manifest beside it ({Manifest}); its SHA-256 cannot be checked, only its structure", path, BackupManifest.PathFor(path));
        }
        else if (manifest.Bytes != bytes || manifest.Sha256 != sha256)
        {
            throw new InvalidOperationException(
                $"{path} does not match its manifest: {bytes:N0} bytes with SHA-256 {sha256[..12]}…, expected {manifest.Bytes:N0} bytes with " +
                $"SHA-256 {manifest.Sha256[..12]}… — the file is truncated or altered. Nothing was restored; use an intact copy.");
        }

        var known = MigrationRunner.Embedded().Max(m => m.Version);
        if (manifest is not null && manifest.SchemaVersion > known)
        {
            throw new InvalidOperationException(
                $"{path} holds schema version {manifest.SchemaVersion:0000}, newer than this build of Outcomes knows ({known:0000}); " +
                "restore it with the Outcomes version that wrote it, or a later one. Nothing was restored.");
        }

        var client = new PostgresClient(PostgresBinaries.LocateClient(), connectionString);
        var list = await client.RestoreAsync(["--list", path], cancellationToken);
        if (!list.Succeeded)
        {
            throw new InvalidOperationException(
                $"{path} cannot be read as a backup archive (pg_restore --list: {FirstLine(list.Output)}); it may be truncated, or written by a newer pg_dump. Nothing was restored.");
        }

        var target = DatabaseSettings.Describe(connectionString);
        var tables = await UserTablesAsync(cancellationToken);
        if (tables > 0 && !force)
        {
            throw new InvalidOperationException(
                $"{target} is not empty: it holds {tables} table(s). Restore into a fresh, empty database, or add --force to replace what is there with the backup.");
        }

        var current = tables > 0 ? await SchemaVersionAsync(cancellationToken) : null;
        if (current is not null && manifest is not null && current > manifest.SchemaVersion)
        {
            throw new InvalidOperationException(
                $"{target} has schema version {current:0000}, newer than the backup's {manifest.SchemaVersion:0000}; tables added since would stay behind. Restore into a fresh, empty database instead.");
        }

        logger.LogInformation("Restoring {File} into {Target}{Replacing}", path, target, tables > 0 ? $", replacing its {tables} table(s)" : "");
        string[] arguments =
        [
            "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
            .. tables > 0 ? (string[])["--clean", "--if-exists"] : [],
            "--dbname", client.DatabaseName, path,
        ];
        var restored = await client.RestoreAsync(arguments, cancellationToken);
        if (!restored.Succeeded)
        {
            throw new InvalidOperationException(
                $"pg_restore could not restore {path} (exit code {restored.ExitCode}); the restore ran in one transaction, so {target} is as it was: {FirstLine(restored.Output)}");
        }

        if (beforeMigrating is not null)
        {
            await beforeMigrating(cancellationToken);
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        // The archive was restored without privileges or owners: the runner grants the roles again (db/grants.sql).
        await MigrationRunner.ForgetGrantsAsync(dataSource, cancellationToken);
        var applied = await new MigrationRunner(logger).MigrateAsync(dataSource, cancellationToken);
        var version = await SchemaVersionAsync(cancellationToken) ?? 0;
        return new RestoreResult(path, bytes, sha256, manifest is not null, manifest?.SchemaVersion, version, applied);
    }

    private static async Task<bool> StartsWithMagicAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var head = new byte[ArchiveMagic.Length];
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return read == head.Length && head.AsSpan().SequenceEqual(ArchiveMagic);
    }

    private static string FirstLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";

    private async Task<long> UserTablesAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\_%'
            """;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }

    private async Task<int?> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select to_regclass('schema_migration') is not null", cancellationToken: cancellationToken))
            ? await connection.ExecuteScalarAsync<int?>(new CommandDefinition("select max(version) from schema_migration", cancellationToken: cancellationToken))
            : null;
    }
}
