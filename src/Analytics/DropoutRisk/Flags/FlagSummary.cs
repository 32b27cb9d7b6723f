namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// A flag as the quality team sees it on the worklist (by surrogate episode key; no identifiers), with the day its
/// episode was admitted, so that days in care can be counted, and the staff code of the episode's primary counsellor
/// (null when the center sent none).
/// </summary>
public sealed record FlagSummary(
    long FlagId, long EpisodeKey, string FacilityId, string LevelOfCare, DateOnly RaisedOn, double Probability, int RankInFacility,
    IReadOnlyList<string> Reasons, string Status, DateTime StatusChangedAt, string? LastReviewerRole, string? LastAction, DateOnly? LeftCareOn,
    DateOnly AdmittedOn, string? Counsellor = null)
{
    /// <summary>Days in care on <paramref name="today"/>, counting the day of admission as day 1 (to the discharge when care ended).</summary>
    public int DaysInCare(DateOnly today) => (LeftCareOn is { } left && left < today ? left : today).DayNumber - AdmittedOn.DayNumber + 1;
}
