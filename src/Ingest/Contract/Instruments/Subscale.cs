namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>
/// A published subscale: the sum of some of the instrument's items (named by their numbers on the form), its range,
/// which way is better, and the score from which it counts as a concern, when one is published or conventional.
/// </summary>
public sealed record Subscale(string Name, IReadOnlyList<int> Items, int Min, int Max, ScoreDirection Direction)
{
    /// <summary>
    /// For <see cref="ScoreDirection.HigherIsWorse"/>, a score at or above this is a concern; for
    /// <see cref="ScoreDirection.HigherIsBetter"/>, a score at or below it. Null when none is published.
    /// </summary>
    public int? ConcernCutOff { get; init; }

    /// <summary>The reliability the reliable change index uses for this subscale; null when none is published.</summary>
    public Reliability? ReliabilityForChange { get; init; }
}
