namespace Outcomes.Reports.Tables;

/// <summary>
/// The quality targets the workbook marks when missed. No accrediting body sets these numbers: they are the
/// program's own targets, kept here in one place (docs/reports.md) so that a quality team can change them.
/// Completion: about half of intensive outpatient discharges complete treatment in TEDS-D, so 50% is "at least
/// the national pattern". ASAM weeks: the ASAM Criteria's minimum weekly hours should be the rule, not the
/// exception (80% of whole weeks). Follow-up reach: 70%, below which abstinence at follow-up says little.
/// </summary>
internal static class ReportTargets
{
    public static readonly IReadOnlyDictionary<string, (double Target, bool HigherIsBetter)> ByMetric = new Dictionary<string, (double, bool)>
    {
        ["completion"] = (0.50, true),
        ["asam_weeks_met"] = (0.80, true),
        ["follow_up_reach"] = (0.70, true),
        ["field_completeness"] = (0.95, true),
        ["early_dropout"] = (0.20, false),
    };
}
