using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Database.Connection;

namespace Outcomes.Database.Backup;

/// <summary>
/// The monthly restore drill: the newest of the backup job's backups is restored into a scratch database of its own
/// (<c>outcomes_drill_…</c>, created and dropped here) with the same checks as <c>outcomes db restore</c> (the file's
/// SHA-256 against its manifest, pg_restore in one transaction); every table's row count and checksum is compared with
/// the manifest as restored, before any migration, and the migration runner then brings it to this build's schema.
/// The scratch database is dropped whatever happened. Every attempt is recorded in <c>backup_run</c>.
/// </summary>
public sealed class RestoreDrill(string managementConnectionString, BackupRunLog log, TimeProvider time, ILogger logger)
{
    private const string ScratchPrefix = "outcomes_drill_";

    /// <summary>Drills the newest backup in <paramref name="folder"/>; a folder without one is a failed drill.</summary>
    public Task<BackupRun> RunAsync(BackupFolder folder, CancellationToken cancellationToken)
    {
        var newest = folder.List().FirstOrDefault();
        return newest is not null
            ? DrillAsync(newest.Path, cancellationToken)
            : RecordAsync(new BackupRun(BackupRun.RestoreDrill, time.GetUtcNow(), time.GetUtcNow(), false, null, null, null,
                $"no backup written by the backup job in {folder.Path} to drill"));
    }

    /// <summary>Drills one backup file; returns the recorded attempt (failed ones too, with their reason).</summary>
    public async Task<BackupRun> DrillAsync(string file, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var fileName = Path.GetFileName(file);
        long? bytes = File.Exists(file) ? new FileInfo(file).Length : null;
        BackupManifest? manifest = null;
        string? scratch = null;
        BackupRun run;
        try
        {
            manifest = BackupManifest.ReadFor(file) ?? throw new InvalidOperationException($"{fileName} has no manifest beside it; there is nothing to compare a restore with.");
            var expected = manifest.Tables ?? throw new InvalidOperationException(
                $"{fileName}: its manifest records no row counts or checksums (written before they were recorded); take a new backup to drill.");
            scratch = ScratchPrefix + started.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "_" +
                Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
            await CreateScratchAsync(scratch, cancellationToken);
            var scratchConnection = new NpgsqlConnectionStringBuilder(managementConnectionString) { Database = scratch, Pooling = false }.ConnectionString;
            IReadOnlyList<TableDifference> differences = [];
            var restored = await new DatabaseRestore(scratchConnection, logger).RestoreAsync(file, force: false, async ct =>
            {
                await using var connection = new NpgsqlConnection(scratchConnection);
                await connection.OpenAsync(ct);
                differences = await TableChecksums.CompareAsync(connection, expected, ct);
            }, cancellationToken);
            var rows = expected.Sum(t => t.Rows);
            var migrated = restored.Applied.Count == 0
                ? $"schema {restored.SchemaVersion:0000} as backed up"
                : $"migrated {manifest.SchemaVersion:0000} → {restored.SchemaVersion:0000}";
            run = differences.Count == 0
                ? new BackupRun(BackupRun.RestoreDrill, started, time.GetUtcNow(), true, fileName, bytes, manifest.SchemaVersion,
                    $"restored into a scratch database: {expected.Count} tables, {rows:N0} rows match the manifest; {migrated}")
                : new BackupRun(BackupRun.RestoreDrill, started, time.GetUtcNow(), false, fileName, bytes, manifest.SchemaVersion,
                    $"{differences.Count} table(s) differ from the manifest: " + string.Join("; ", differences.Take(5)) + (differences.Count > 5 ? "; …" : ""));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            run = new BackupRun(BackupRun.RestoreDrill, started, time.GetUtcNow(), false, fileName, bytes, manifest?.SchemaVersion, ex.Message);
        }
        finally
        {
            if (scratch is not null)
            {
                await DropScratchAsync(scratch);
            }
        }

        if (run.Succeeded)
        {
            logger.LogInformation("Restore drill of {File}: {Detail}", fileName, run.Detail);
        }
        else
        {
            logger.LogError("Restore drill of {File} failed: {Reason}", fileName, run.Detail);
        }

        return await RecordAsync(run);
    }

    private async Task<BackupRun> RecordAsync(BackupRun run)
    {
        await ScheduledBackup.TryRecordAsync(log, run, logger);
        return run;
    }

    private async Task CreateScratchAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(managementConnectionString);
        await connection.OpenAsync(cancellationToken);
        // A database name cannot be a parameter; this one is made here from a prefix, a time and hex digits.
        var quoted = await connection.ExecuteScalarAsync<string>(new CommandDefinition("select quote_ident(@Name)", new { Name = name }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("create database " + quoted, cancellationToken: cancellationToken));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                $"{DatabaseSettings.Describe(managementConnectionString)}: the management login may not create the drill's scratch database " +
                $"({ex.MessageText}); give it CREATEDB (docs/jobs.md, \"Backups and recovery\").", ex);
        }
    }

    private async Task DropScratchAsync(string name)
    {
        try
        {
            await using var connection = new NpgsqlConnection(managementConnectionString);
            await connection.OpenAsync();
            var quoted = await connection.ExecuteScalarAsync<string>(new CommandDefinition("select quote_ident(@Name)", new { Name = name }));
            await connection.ExecuteAsync(new CommandDefinition("drop database if exists " + quoted + " with (force)"));
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning("The drill's scratch database {Database} could not be dropped: {Message}; drop it by hand", name, ex.Message);
        }
    }
}
