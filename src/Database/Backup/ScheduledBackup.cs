using Microsoft.Extensions.Logging;
using Npgsql;

namespace Outcomes.Database.Backup;

/// <summary>
/// The backup job's work: a backup of the whole database into the backup folder under the job's own name (the same
/// <see cref="DatabaseBackup"/> as <c>outcomes db backup</c>, its manifest marked as the job's), then retention over
/// the job's own backups. Every attempt, succeeded or failed with its reason, is recorded in <c>backup_run</c>.
/// </summary>
public sealed class ScheduledBackup(string managementConnectionString, BackupFolder folder, BackupRunLog log, TimeProvider time, ILogger logger)
{
    /// <summary>Backs up and applies retention; returns the recorded attempt (failed ones too, with their reason).</summary>
    public async Task<BackupRun> RunAsync(int keepDaily, int keepWeekly, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var fileName = BackupFolder.FileNameFor(started);
        BackupRun run;
        try
        {
            folder.Ensure();
            var backup = await new DatabaseBackup(managementConnectionString, time, logger)
                .BackupAsync(Path.Combine(folder.Path, fileName), cancellationToken, scheduled: true);
            var retention = folder.ApplyRetention(keepDaily, keepWeekly, zone);
            var m = backup.Manifest;
            var rows = m.Tables?.Sum(t => t.Rows) ?? 0;
            var detail = $"{m.Tables?.Count ?? 0} tables, {rows:N0} rows; {retention.Kept.Count} backup(s) kept" +
                (retention.Removed.Count == 0 ? "" : $", {retention.Removed.Count} removed ({string.Join(", ", retention.Removed.Select(r => r.FileName))})");
            run = new BackupRun(BackupRun.Backup, started, time.GetUtcNow(), true, fileName, m.Bytes, m.SchemaVersion, detail);
            logger.LogInformation("Backup {File} written ({Bytes:N0} bytes): {Detail}", fileName, m.Bytes, detail);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            run = new BackupRun(BackupRun.Backup, started, time.GetUtcNow(), false, null, null, null, ex.Message);
            logger.LogError("The backup failed: {Reason}", ex.Message);
        }

        await TryRecordAsync(log, run, logger);
        return run;
    }

    /// <summary>Records an attempt; when the database itself is what failed, says so in the log instead.</summary>
    internal static async Task TryRecordAsync(BackupRunLog log, BackupRun run, ILogger logger)
    {
        try
        {
            await log.RecordAsync(run, CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning("Could not record the {Kind} result in backup_run: {Message}", run.Kind, ex.Message);
        }
    }
}
