using System.Globalization;

namespace Outcomes.Analytics.Targets;

/// <summary>
/// The figures of an analysis run a program can set a target for (docs/metrics.md): shares, judged as proportions from
/// 0 to 1, and a few figures in days. A target naming anything else is refused.
/// </summary>
public static class TargetMetrics
{
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["completion"] = "share",
        ["dropout"] = "share",
        ["early_dropout"] = "share",
        ["transfer"] = "share",
        ["retention"] = "share",
        ["step_down_completed"] = "share",
        ["asam_weeks_met"] = "share",
        ["asam_weeks_scheduled"] = "share",
        ["asam_weeks_attended"] = "share",
        ["attended_minutes_share"] = "share",
        ["no_show"] = "share",
        ["family_involvement"] = "share",
        ["positive_screen_per_patient"] = "share",
        ["free_of_positive_screen"] = "share",
        ["abstinence_at_follow_up"] = "share",
        ["follow_up_reach"] = "share",
        ["field_completeness"] = "share",
        ["missing_discharge"] = "share",
        ["length_of_stay_days"] = "days",
        ["retention_median_days"] = "days",
    };

    public static bool IsShare(string metric) => Known.TryGetValue(metric, out var kind) && kind == "share";

    public static string Format(string metric, double value) =>
        IsShare(metric) ? value.ToString("P1", CultureInfo.InvariantCulture) : value.ToString("0.#", CultureInfo.InvariantCulture) + " days";
}
