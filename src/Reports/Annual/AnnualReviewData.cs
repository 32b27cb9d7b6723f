using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;

namespace Outcomes.Reports.Annual;

/// <summary>Everything the annual review shows, read from stored runs and the target and action-plan logs once.</summary>
internal sealed record AnnualReviewData(
    int Year,
    string? Facility,
    DateOnly DataThrough,
    StoredRun YearRun,
    IReadOnlyList<(ReportingPeriod Period, StoredRun? Run)> Quarters,
    IReadOnlyList<TargetReview> Targets,
    RunFigureRows YearRows,
    IReadOnlyList<StoredRun> EffectRuns,
    StoredRun? PriorYearRun = null)
{
    public string Population => Facility is null ? "All facilities" : $"Facility {Facility}";

    public string Scope => Facility ?? Analytics.Runs.Figure.All;

    public int PriorYear => Year - 1;

    /// <summary>The target figures missed in the year with no action plan recorded for their target: what a surveyor checks first.</summary>
    public IReadOnlyList<TargetReview> MissedWithoutPlan => [.. Targets.Where(t => t.MissedWithoutPlan)];
}
