namespace Outcomes.Database.Backup;

/// <summary>One attempt of the backup job or the restore drill (<c>backup_run</c>): when, the file, its size, and how it went.</summary>
public sealed record BackupRun(
    string Kind, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Succeeded, string? FileName, long? Bytes, int? SchemaVersion, string Detail)
{
    public const string Backup = "backup";
    public const string RestoreDrill = "restore_drill";
}
