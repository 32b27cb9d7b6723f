using System.Globalization;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Survival;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Kaplan–Meier shares on set days after admission, each from a fixed-window admission cohort: the period's admissions
/// whose N days had all passed by the data-through date, discharged or not, and none in the run-in at the start of its
/// facility's data (<see cref="OutcomeDefinitions.RunInDays"/>). Nobody in the cohort is censored by the data-through
/// date before day N, so the share no longer leans on the admissions that could be followed longest, and a period none
/// of whose admissions has had N days says so ("not estimable yet") instead of carrying the curve's last value forward.
/// A share resting on fewer than the small-cell threshold at risk is not given (<see cref="RetentionEstimate"/>).
/// </summary>
internal sealed class AdmissionCohortShares(SmallCellPolicy policy, PeriodParameters parameters)
{
    /// <summary>
    /// The <see cref="CohortSurvivalCounts.Followed"/> of admission <c>e</c> in SQL; needs <see cref="RunIn.DataStart"/>
    /// joined as <c>ds</c>. The largest day of <c>@ShareDays</c> (ascending) the window reaches is found by
    /// <c>width_bucket</c>, a function call rather than a subquery per admission.
    /// </summary>
    public const string Followed = """
        case when e.admitted_on < ds.first_admission + @RunInDays then -1
             else coalesce((@ShareDays::int[])[width_bucket(@Through - e.admitted_on, @ShareDays::int[])], 0) end
        """;

    /// <summary>The share at each day of <see cref="OutcomeDefinitions.RetentionDays"/>, per facility (and all) and level.</summary>
    public IEnumerable<Figure> Shares(string metric, IReadOnlyList<CohortSurvivalCounts> rows, string estimator)
    {
        foreach (var facility in rows.Select(r => r.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All))
        {
            var inScope = rows.Where(r => facility == Figure.All || r.Facility == facility).ToList();
            foreach (var level in inScope.Select(r => r.Level).Distinct().Order(StringComparer.Ordinal))
            {
                var ofLevel = inScope.Where(r => r.Level == level).ToList();
                foreach (var day in OutcomeDefinitions.RetentionDays)
                {
                    yield return Share(metric, facility, level, day, ofLevel, estimator);
                }
            }
        }
    }

    private Figure Share(string metric, string facility, string level, int day, IReadOnlyList<CohortSurvivalCounts> ofLevel, string estimator)
    {
        var grouping = $"day {day}";
        var cohort = ofLevel.Where(r => r.Followed >= day).ToList();
        if (cohort.Count == 0)
        {
            var reason = ofLevel.All(r => r.Followed < 0)
                ? $"not estimable yet: every admission of the period falls in the first {OutcomeDefinitions.RunInDays} days of its facility's data (the run-in)"
                : $"not estimable yet: no admission of the period had had {day} days by {Date(parameters.Through)}";
            return new Figure(metric, facility, level, null, grouping, 0, null, 0, null, null, null, false, reason);
        }

        var counts = cohort.GroupBy(r => r.Days).Select(g => new SurvivalCount(g.Key, g.Sum(r => r.Events), g.Sum(r => r.Censored))).ToList();
        var curve = KaplanMeierCurve.FitCounts(counts);
        var n = curve.Count;
        var at = RetentionEstimate.At(curve, day, policy.Threshold);
        var name = parameters.AdmittedAndFollowed(day)
                   + (ofLevel.Any(r => r.Followed < 0) ? $", admissions in the first {OutcomeDefinitions.RunInDays} days of a facility's data left out" : "");
        return new Figure(metric, facility, level, null, grouping, n, null, n, at.Retention, at.Interval?.Lower, at.Interval?.Upper, policy.IsSmall(n),
            at.IsEstimable ? $"{estimator}; {name}; {at.AtRisk} at risk on day {day}" : $"{at.NotEstimableReason}; {name}");
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
