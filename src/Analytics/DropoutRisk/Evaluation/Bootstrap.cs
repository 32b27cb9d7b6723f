namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// Percentile bootstrap intervals for a metric of scored patients (Efron and Tibshirani 1993): resample the
/// patients with replacement, recompute, take the 2.5th and 97.5th percentiles. Seeded, so reruns agree.
/// <see cref="ByCluster"/> resamples whole patients (a cluster bootstrap, Field and Welsh 2007): a patient's landmark
/// snapshots are not independent, and resampling them one by one makes the interval too narrow.
/// </summary>
public static class Bootstrap
{
    public static Interval Percentile(
        IReadOnlyList<double> scores, IReadOnlyList<bool> outcomes, Func<IReadOnlyList<double>, IReadOnlyList<bool>, double> metric,
        int replicates = 1000, int seed = 20261125, double level = ConfidenceLevel.Default)
    {
        var random = new Random(seed);
        var n = scores.Count;
        var values = new List<double>(replicates);
        var s = new double[n];
        var o = new bool[n];
        for (var r = 0; r < replicates; r++)
        {
            for (var i = 0; i < n; i++)
            {
                var k = random.Next(n);
                s[i] = scores[k];
                o[i] = outcomes[k];
            }

            var value = metric(s, o);
            if (!double.IsNaN(value))
            {
                values.Add(value);
            }
        }

        return Ends(values, level);
    }

    /// <summary>
    /// The percentile interval resampling clusters — all rows sharing a key in <paramref name="clusters"/> (a patient's
    /// snapshots) — with replacement, as many clusters as there are, each bringing all its rows.
    /// </summary>
    public static Interval ByCluster(
        IReadOnlyList<double> scores, IReadOnlyList<bool> outcomes, IReadOnlyList<long> clusters,
        Func<IReadOnlyList<double>, IReadOnlyList<bool>, double> metric,
        int replicates = 1000, int seed = 20261125, double level = ConfidenceLevel.Default)
    {
        var members = Enumerable.Range(0, scores.Count).GroupBy(i => clusters[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        var random = new Random(seed);
        var values = new List<double>(replicates);
        var s = new List<double>(scores.Count * 2);
        var o = new List<bool>(scores.Count * 2);
        for (var r = 0; r < replicates; r++)
        {
            s.Clear();
            o.Clear();
            for (var c = 0; c < members.Length; c++)
            {
                foreach (var i in members[random.Next(members.Length)])
                {
                    s.Add(scores[i]);
                    o.Add(outcomes[i]);
                }
            }

            var value = metric(s, o);
            if (!double.IsNaN(value))
            {
                values.Add(value);
            }
        }

        return Ends(values, level);
    }

    private static Interval Ends(List<double> values, double level)
    {
        values.Sort();
        if (values.Count == 0)
        {
            return new Interval(double.NaN, double.NaN);
        }

        var alpha = (1 - level) / 2;
        return new Interval(values[(int)Math.Floor(alpha * (values.Count - 1))], values[(int)Math.Ceiling((1 - alpha) * (values.Count - 1))]);
    }
}
