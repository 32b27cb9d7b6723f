namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// An episode on a facility's worklist, by its surrogate key: finding the patient behind it takes the restricted
/// identity table, which only the quality team's worklist export joins. Rank and risk are the scoring day's; the
/// flag may have been raised on an earlier day (<see cref="IsNew"/> when raised by this scoring).
/// </summary>
public sealed record FlaggedEpisode(
    long FlagId, long EpisodeKey, string FacilityId, int Rank, double Probability, IReadOnlyList<string> Reasons, DateOnly RaisedOn, string Status, bool IsNew);
