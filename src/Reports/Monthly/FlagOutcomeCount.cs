namespace Outcomes.Reports.Monthly;

/// <summary>Episodes flagged in the period, by level of care and what has become of them by the data-through date.</summary>
internal sealed record FlagOutcomeCount(string Level, string Outcome, long Episodes);
