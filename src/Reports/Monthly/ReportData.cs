using Outcomes.Reports.Runs;

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
    IReadOnlyList<Analytics.Targets.TargetJudgement> Targets)
{
    public string Population => Facility is null ? "All facilities" : $"Facility {Facility}";
}
