namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>A day's scoring: how many episodes were scored and flagged, and the flagged ones (no identifiers).</summary>
public sealed record ScoringResult(long ModelId, DateOnly Day, int Scored, int Flagged, IReadOnlyList<FlaggedEpisode> Flags);
