namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// Percentile bootstrap intervals for a metric of scored patients (Efron and Tibshirani 1993): resample the
/// patients with replacement, recompute, take the 2.5th and 97.5th percentiles. Seeded, so reruns agree.
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

        values.Sort();
        if (values.Count == 0)
        {
            return new Interval(double.NaN, double.NaN);
        }

        var alpha = (1 - level) / 2;
        return new Interval(values[(int)Math.Floor(alpha * (values.Count - 1))], values[(int)Math.Ceiling((1 - alpha) * (values.Count - 1))]);
    }
}
