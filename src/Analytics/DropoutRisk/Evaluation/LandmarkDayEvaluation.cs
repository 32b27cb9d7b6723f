using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// Performance by landmark day (TRIPOD+AI item 23a, with the day of care as the subgroup): a model that is good on
/// average may still be poor early in a stay, where attendance has said little yet, or late, where few patients remain.
/// </summary>
public static class LandmarkDayEvaluation
{
    /// <summary>Resamples for each day's interval: a day's snapshots are a few hundred, so 200 place the ends well enough.</summary>
    public const int Replicates = 200;

    /// <summary>One result a day of care found among <paramref name="rows"/>, in order of the day.</summary>
    public static IReadOnlyList<LandmarkDayResult> Evaluate(IReadOnlyList<SnapshotFeatures> rows, IReadOnlyList<double> risks, IReadOnlyList<bool> outcomes)
    {
        var results = new List<LandmarkDayResult>();
        foreach (var day in Enumerable.Range(0, rows.Count).GroupBy(i => rows[i].DaysSinceAdmission).OrderBy(g => g.Key))
        {
            var scores = day.Select(i => risks[i]).ToArray();
            var labels = day.Select(i => outcomes[i]).ToArray();
            var patients = day.Select(i => rows[i].PatientKey).ToArray();
            var events = labels.Count(o => o);
            var tooSmall = events < SubgroupEvaluation.MinimumEachOutcome || labels.Length - events < SubgroupEvaluation.MinimumEachOutcome;
            var (slope, intercept) = tooSmall ? (double.NaN, double.NaN) : Calibration.SlopeAndIntercept(scores, labels);
            results.Add(new LandmarkDayResult(
                day.Key, labels.Length, events, tooSmall,
                tooSmall ? null : Discrimination.Auroc(scores, labels),
                tooSmall ? null : Bootstrap.ByCluster(scores, labels, patients, Discrimination.Auroc, Replicates),
                tooSmall ? null : slope,
                tooSmall ? null : intercept,
                scores.Average(), (double)events / labels.Length));
        }

        return results;
    }
}
