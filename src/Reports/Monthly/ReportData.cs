using Outcomes.Analytics.Runs;

namespace Outcomes.Reports.Monthly;

/// <summary>Everything a monthly workbook or a chart pack shows, read from the database once.</summary>
internal sealed record ReportData(
    string? Facility,
    StoredRun Current,
    StoredRun? Previous,
    IReadOnlyList<StoredRun> Months,
    RiskSummary Risk,
    IReadOnlyList<BatchSummary> Batches,
    IReadOnlyList<QualityFinding> Findings,
    IReadOnlyList<Analytics.Targets.TargetJudgement> Targets,
    IReadOnlyList<Analytics.Targets.OutcomeTarget>? StoredTargets = null,
    WindowRuns? Windows = null)
{
    /// <summary>The program's targets as stored (outcome_target), which the tables mark rates against.</summary>
    public IReadOnlyList<Analytics.Targets.OutcomeTarget> TargetsSet => StoredTargets ?? [];

    public string Population => Facility is null ? "All facilities" : $"Facility {Facility}";
}
