namespace Outcomes.Reports.Monthly;

/// <summary>
/// Episodes flagged in the period, by level of care, what has become of them by the data-through date, and the
/// review status of the episode's latest flag of the period on that date (open until a review records otherwise).
/// </summary>
internal sealed record FlagOutcomeCount(string Level, string Outcome, string Status, long Episodes);
