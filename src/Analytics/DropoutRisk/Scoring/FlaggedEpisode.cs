namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// An episode on a facility's worklist, by its surrogate key: finding the patient behind it takes the
/// restricted identity table, which the quality team's worklist export will join.
/// </summary>
public sealed record FlaggedEpisode(long EpisodeKey, string FacilityId, int Rank, double Probability, IReadOnlyList<string> Reasons);
