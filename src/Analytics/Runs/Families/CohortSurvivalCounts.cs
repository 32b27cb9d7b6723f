namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Admissions of a program's level with the same days to the event or censoring (<see cref="Days"/>) and the same
/// <see cref="Followed"/>: the largest day of <see cref="Definitions.OutcomeDefinitions.RetentionDays"/> their window
/// had passed by the data-through date (0 when none), or −1 for admissions in the run-in
/// (<see cref="AdmissionCohortShares"/>).
/// </summary>
internal sealed record CohortSurvivalCounts(string Facility, string Level, int Days, int Followed, int Events, int Censored);
