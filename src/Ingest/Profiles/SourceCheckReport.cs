namespace Outcomes.Ingest.Profiles;

/// <summary>What <c>outcomes source check</c> found, with nothing written to the database.</summary>
public sealed record SourceCheckReport(IReadOnlyList<SourceCheckFile> Files, StagingResult Staging)
{
    public int RowsQuarantined => Files.Sum(f => f.Quarantined.Count);
}
