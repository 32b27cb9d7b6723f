namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>A flag as the quality team sees it on the worklist (by surrogate episode key; no identifiers).</summary>
public sealed record FlagSummary(
    long FlagId, long EpisodeKey, string FacilityId, string LevelOfCare, DateOnly RaisedOn, double Probability, int RankInFacility,
    IReadOnlyList<string> Reasons, string Status, DateTime StatusChangedAt, string? LastReviewerRole, string? LastAction, DateOnly? LeftCareOn);
