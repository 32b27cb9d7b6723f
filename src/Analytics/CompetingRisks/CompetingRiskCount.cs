namespace Outcomes.Analytics.CompetingRisks;

/// <summary>
/// How many episodes (or courses) ended at one time in care by one cause: <see cref="Cause"/> 0 means still in
/// care when the data end (censored); 1, 2, ... are the competing ends (e.g. unplanned discharge, planned
/// completion, planned step-down). A grouped SQL query returns these, so memory does not grow with the episodes.
/// </summary>
public readonly record struct CompetingRiskCount(double Time, int Cause, int Count)
{
    public const int Censored = 0;
}
