namespace Outcomes.Database.Backup;

/// <summary>A backup the backup job wrote (<see cref="BackupFolder"/>): its full path and its manifest.</summary>
public sealed record OwnBackup(string Path, BackupManifest Manifest)
{
    public string FileName => System.IO.Path.GetFileName(Path);
}
