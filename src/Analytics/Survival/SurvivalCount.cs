namespace Outcomes.Analytics.Survival;

/// <summary>How many episodes ended (events) and how many were still in care (censored) at a time in care.</summary>
public readonly record struct SurvivalCount(double Time, int Events, int Censored);
