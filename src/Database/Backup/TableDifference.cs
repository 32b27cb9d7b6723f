namespace Outcomes.Database.Backup;

/// <summary>A table of a restored backup that does not hold what its manifest says, and how.</summary>
public sealed record TableDifference(TableChecksum Expected, long? Rows, string? Checksum, string Problem)
{
    public override string ToString() => $"{Expected.QualifiedName}: {Problem}";
}
