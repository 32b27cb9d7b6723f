using Outcomes.Database.Migrations;

namespace Outcomes.Database.Backup;

/// <summary>What a restore did: the file restored, whether its manifest vouched for it, and the migrations applied after.</summary>
public sealed record RestoreResult(
    string File, long Bytes, string Sha256, bool CheckedAgainstManifest, int? BackupSchemaVersion, int SchemaVersion, IReadOnlyList<Migration> Applied);
