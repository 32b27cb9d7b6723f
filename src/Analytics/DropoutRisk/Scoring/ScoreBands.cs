namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// The latest scoring day on or before a date, and the episodes scored that day in each band of predicted risk (band i
/// holds risks from i·width up to (i+1)·width; the last band holds 1). No day and no bands when nothing was scored.
/// </summary>
public sealed record ScoreBands(DateOnly? ScoredOn, IReadOnlyList<long> Episodes);
