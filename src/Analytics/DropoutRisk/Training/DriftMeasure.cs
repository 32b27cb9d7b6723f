using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// Feature drift by calendar month, measured one way for a model's own training months (the reference noise) and for
/// every month after them:
/// <list type="number">
/// <item>One snapshot a patient a month: the patient's earliest landmark snapshot dated in the month. A patient has
/// several landmark snapshots a month, and counting each would weigh the month as if it had more patients than it has.
/// The earliest, not the latest: whether a patient's latest landmark in a month is day 7 or day 14 depends on whether
/// they were still in care a week later, so the latest would over-sample the patients about to leave at every day;
/// which landmark is the earliest depends on the admission date alone.</item>
/// <item>The landmark mix held fixed: the month's patients and the training rows are compared day by day, pooled at the
/// month's own mix of landmark days (indirect standardisation: the reference is reweighted, day by day, to the share
/// each landmark day has among the month's patients). A month's mix changes with the calendar, not with the patients: a
/// month early in a history has nobody at day 84 yet, and the month of a model's cut-off has only later days of the
/// training admissions. Reweighting the reference, thousands of rows a day, costs no precision; reweighting the month
/// instead would give the few patients of a thin day the weight of many, and the month's noise with it. "Days since
/// admission" cannot drift.</item>
/// <item>No floor: the reweighted reference counts are scaled to their effective sample size (Kish: (Σw)² / Σw²), bins
/// empty on both sides are left out, and half a row is added to every other bin on both sides
/// (<see cref="PopulationStability.OfCounts"/>).</item>
/// </list>
/// The reference noise of a feature is the largest PSI among the training months with at least
/// <see cref="MonthDrift.MinimumPatients"/> patients; a later month alarms when a feature's PSI exceeds
/// max(0.1, that noise) (<see cref="FeatureReference.AlarmThreshold"/>). Labels are not read: drift is about who is
/// scored, not what became of them.
/// </summary>
public static class DriftMeasure
{
    /// <summary>The single stratum of a model stored before its counts by landmark day were recorded.</summary>
    private const int AllDays = -1;

    /// <summary>
    /// The drift of each calendar month of <paramref name="rows"/> (by snapshot date) from <paramref name="references"/>,
    /// in month order; a month none of whose patients is at a landmark day of the reference is left out.
    /// </summary>
    public static IReadOnlyList<MonthDrift> Months(IReadOnlyList<FeatureReference> references, IEnumerable<SnapshotFeatures> rows, bool training)
    {
        if (references.Count == 0)
        {
            return [];
        }

        var strata = references.Select(Strata).ToList();
        var trainedDays = strata[0].Where(s => s.Value.Sum() > 0).Select(s => s.Key).ToHashSet();
        var byDay = references[0].CountsByDay is not null;
        var binners = references.Select(FeatureReferences.Binner).ToList();
        var months = new List<MonthDrift>();
        foreach (var month in rows.GroupBy(r => new DateOnly(r.SnapshotDate.Year, r.SnapshotDate.Month, 1)).OrderBy(g => g.Key))
        {
            var sample = OnePerPatient(month)
                .Select(s => (Day: byDay ? s.DaysSinceAdmission : AllDays, Input: ModelInput.From(s)))
                .Where(s => trainedDays.Contains(s.Day))
                .ToList();
            if (sample.Count == 0)
            {
                continue;
            }

            var mix = sample.GroupBy(s => s.Day).ToDictionary(g => g.Key, g => (double)g.Count());
            var days = mix.Keys.Order().ToList();
            var features = references.Select((reference, i) =>
            {
                var counts = days.ToDictionary(d => d, _ => new double[reference.Shares.Length]);
                foreach (var (day, input) in sample)
                {
                    counts[day][binners[i](input)]++;
                }

                var psi = PopulationStability.OfCounts(Standardised(strata[i], days, mix), Standardised(counts, days, mix));
                return new FeatureDrift(reference.Feature, psi, reference.AlarmThreshold());
            }).ToList();
            months.Add(new MonthDrift(month.Key, training, sample.Count, features));
        }

        return months;
    }

    /// <summary>
    /// <paramref name="references"/> with their reference noise: each feature's largest PSI among the judged months of
    /// the training rows they were built from (null when no month had enough patients to be judged).
    /// </summary>
    public static IReadOnlyList<FeatureReference> WithNoise(IReadOnlyList<FeatureReference> references, IReadOnlyList<SnapshotFeatures> trainingRows)
    {
        var judged = Months(references, trainingRows, training: true).Where(m => !m.TooFew).ToList();
        return [.. references.Select((r, i) => r with { TrainingMonthsPsi = judged.Count == 0 ? null : judged.Max(m => m.Features[i].Psi) })];
    }

    /// <summary>Each patient's earliest snapshot among <paramref name="month"/>'s (by date, then episode).</summary>
    public static IEnumerable<SnapshotFeatures> OnePerPatient(IEnumerable<SnapshotFeatures> month) =>
        month.GroupBy(s => s.PatientKey).Select(g => g.OrderBy(s => s.SnapshotDate).ThenBy(s => s.EpisodeKey).First());

    /// <summary>
    /// Counts pooled over <paramref name="days"/>, each day's rows carrying its share of <paramref name="mix"/>
    /// (renormalised over those days), scaled to the pooled sample's effective size, 1 / Σ (share² / rows of the day).
    /// Counts at their own mix come back as their plain sum.
    /// </summary>
    public static double[] Standardised(IReadOnlyDictionary<int, double[]> countsByDay, IReadOnlyList<int> days, IReadOnlyDictionary<int, double> mix)
    {
        var total = days.Sum(d => mix[d]);
        double[]? pooled = null;
        var sumOfSquares = 0.0;
        foreach (var day in days)
        {
            var counts = countsByDay[day];
            pooled ??= new double[counts.Length];
            var rows = counts.Sum();
            var share = mix[day] / total;
            for (var i = 0; i < counts.Length; i++)
            {
                pooled[i] += share * counts[i] / rows;
            }

            sumOfSquares += share * share / rows;
        }

        var effective = 1 / sumOfSquares;
        return [.. pooled!.Select(p => p * effective)];
    }

    /// <summary>A reference's training counts by landmark day, or for a model stored before those, one stratum of all days.</summary>
    private static IReadOnlyDictionary<int, double[]> Strata(FeatureReference reference) =>
        reference.CountsByDay ?? new Dictionary<int, double[]> { [AllDays] = [.. reference.Shares.Select(s => s * reference.Rows)] };
}
