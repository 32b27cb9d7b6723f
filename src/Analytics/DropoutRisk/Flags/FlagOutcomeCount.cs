namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// Episodes flagged in a period, by level of care, what has become of them by the data-through date, and the
/// review status of the episode's latest flag of the period on that date (open until a review records otherwise).
/// </summary>
public sealed record FlagOutcomeCount(string Level, string Outcome, string Status, long Episodes);
