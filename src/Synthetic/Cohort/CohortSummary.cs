namespace Outcomes.Synthetic.Cohort;

/// <summary>What a generation wrote and where.</summary>
public sealed record CohortSummary(
    string DropFolder,
    string TruthFolder,
    long Patients,
    long Episodes,
    IReadOnlyList<GeneratedFile> Files)
{
    public long CleanRows => Files.Sum(f => f.CleanRows);

    public long DirtyRows => Files.Sum(f => f.DirtyRows);
}
