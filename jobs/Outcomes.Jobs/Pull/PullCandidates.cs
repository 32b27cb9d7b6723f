namespace Outcomes.Jobs.Pull;

/// <param name="Files">Local paths of the settled files, ready for the ingest.</param>
/// <param name="NotFiles">Entries named like a contract file that are not regular files, as the summary names them.</param>
/// <param name="Waiting">Contract files seen but not yet settled: taken by a later pull.</param>
internal sealed record PullCandidates(IReadOnlyList<string> Files, IReadOnlyList<string> NotFiles, IReadOnlyList<string> Waiting);
