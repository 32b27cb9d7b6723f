namespace Outcomes.Database.Backup;

/// <summary>What retention kept and removed, newest first.</summary>
public sealed record RetentionResult(IReadOnlyList<OwnBackup> Kept, IReadOnlyList<OwnBackup> Removed);
