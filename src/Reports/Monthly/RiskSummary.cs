using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.Periods;

namespace Outcomes.Reports.Monthly;

/// <summary>
/// The dropout-risk model and its flags as the report shows them, without identifiers: the model's calibration
/// on later admissions (from the registry), the distribution of the latest scores, and what became of the
/// episodes flagged in the period, and what became of the flags raised in the month before the period's last month.
/// </summary>
internal sealed record RiskSummary(
    long? ModelId,
    string? Algorithm,
    double? Auroc,
    DateOnly? ScoredOn,
    IReadOnlyList<CalibrationGroup> Calibration,
    IReadOnlyList<long> ScoreBands,
    IReadOnlyList<FlagOutcomeCount> FlagOutcomes,
    FlagFollowThrough? LastMonthFlags = null,
    ReportingPeriod? LastMonth = null,
    int? HorizonDays = null)
{
    public static readonly RiskSummary None = new(null, null, null, null, [], [], []);

    /// <summary>Scores are counted in bands of this width (0–10%, 10–20%, ...).</summary>
    public const double BandWidth = 0.1;
}
