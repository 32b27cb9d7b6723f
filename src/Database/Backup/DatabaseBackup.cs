using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Database.Connection;
using Outcomes.Database.Embedded;

namespace Outcomes.Database.Backup;

/// <summary>
/// <c>outcomes db backup</c>: the whole database (schema and data, no roles) in pg_dump's custom format. The file
/// holds patient data, so it is written readable by its owner only (0600), under a temporary name moved into place
/// once complete: a file with the final name is always a whole backup. A sidecar manifest records its SHA-256 and
/// every table's row count and checksum, read in the same snapshot as the dump.
/// </summary>
public sealed class DatabaseBackup(string connectionString, TimeProvider time, ILogger logger)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="file"/> and its manifest; <paramref name="scheduled"/> marks a backup job's file.</summary>
    public async Task<BackupResult> BackupAsync(string file, CancellationToken cancellationToken, bool scheduled = false)
    {
        var target = Path.GetFullPath(file);
        if (File.Exists(target))
        {
            throw new InvalidOperationException($"{target} already exists; choose a new file name (a backup is never overwritten).");
        }

        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"{target}: the folder {folder} does not exist.");
        }

        var client = new PostgresClient(PostgresBinaries.LocateClient(), connectionString);
        var server = await client.ServerMajorVersionAsync(cancellationToken);
        var dump = await client.MajorVersionAsync("pg_dump", cancellationToken);
        if (dump < server)
        {
            throw new InvalidOperationException(
                $"pg_dump is version {dump} but the server runs PostgreSQL {server}; pg_dump must be at least the server's version. " +
                $"Install the PostgreSQL {server} client programs or set {PostgresBinaries.BinVariable} to their folder.");
        }

        var (schemaVersion, schemaName) = await SchemaVersionAsync(cancellationToken);
        var partial = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            // Created empty with owner-only permissions first: pg_dump truncates and fills it, keeping the mode.
            await using (File.Create(partial, 1, FileOptions.None))
            {
            }

            RestrictToOwner(partial);
            logger.LogInformation("Backing up {Database} (schema version {Version:0000})", DatabaseSettings.Describe(connectionString), schemaVersion);
            // The tables are counted and summed in the very snapshot pg_dump reads (exported here, held open until both
            // are done), so the manifest describes the file exactly even while jobs write.
            await using var snapshot = new NpgsqlConnection(connectionString);
            await snapshot.OpenAsync(cancellationToken);
            await using var transaction = await snapshot.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            var snapshotId = await snapshot.ExecuteScalarAsync<string>(new CommandDefinition(
                "select pg_export_snapshot()", transaction: transaction, cancellationToken: cancellationToken));
            var dumping = client.DumpAsync(["--format=custom", "--snapshot", snapshotId!, "--file", partial], cancellationToken);
            IReadOnlyList<TableChecksum> tables;
            try
            {
                tables = await TableChecksums.ComputeAsync(snapshot, transaction, cancellationToken);
            }
            finally
            {
                await ((Task)dumping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            var result = await dumping;
            await transaction.CommitAsync(cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"pg_dump failed (exit code {result.ExitCode}); no backup was written: {result.Output}");
            }

            RestrictToOwner(partial);
            var bytes = new FileInfo(partial).Length;
            var sha256 = await HashAsync(partial, cancellationToken);
            var manifest = new BackupManifest(
                BackupManifest.CurrentFormat, Path.GetFileName(target), bytes, sha256, schemaVersion, schemaName, server, dump,
                DatabaseSettings.Describe(connectionString), time.GetUtcNow())
            {
                Scheduled = scheduled,
                Tables = tables,
            };
            File.Move(partial, target);

            var manifestFile = BackupManifest.PathFor(target);
            var manifestPartial = manifestFile + ".partial";
            await File.WriteAllTextAsync(manifestPartial, manifest.ToJson(), cancellationToken);
            RestrictToOwner(manifestPartial);
            File.Move(manifestPartial, manifestFile, overwrite: true);
            return new BackupResult(target, manifestFile, manifest);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Readable and writable by the owner only (0600): the file holds patient data.</summary>
    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }

    internal static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken)).ToLowerInvariant();
    }

    private async Task<(int Version, string Name)> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        const string sql = "select version, name from schema_migration order by version desc limit 1";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var hasLedger = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select to_regclass('schema_migration') is not null", cancellationToken: cancellationToken));
        var last = hasLedger
            ? await connection.QuerySingleOrDefaultAsync<(int Version, string Name)?>(new CommandDefinition(sql, cancellationToken: cancellationToken))
            : null;
        return last ?? throw new InvalidOperationException(
            $"{DatabaseSettings.Describe(connectionString)} holds no Outcomes schema (no applied migrations); there is nothing to back up.");
    }
}
