namespace Outcomes.Database.Backup;

/// <summary>What a backup wrote.</summary>
public sealed record BackupResult(string File, string ManifestFile, BackupManifest Manifest);
