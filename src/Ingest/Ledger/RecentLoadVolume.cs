namespace Outcomes.Ingest.Ledger;

/// <summary>
/// Rows read and quarantined by the committed file loads that started in the day before a moment ("Day"), and in the
/// 28 days before that ("Before"): what the daily data-quality check compares to find a quarantine spike.
/// </summary>
public sealed record RecentLoadVolume(long DayQuarantined, long DayRead, long BeforeQuarantined, long BeforeRead);
