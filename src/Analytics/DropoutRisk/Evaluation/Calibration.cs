using Outcomes.Analytics.Adjustment;
using Outcomes.Analytics.Proportions;

namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// Whether predicted risks mean what they say (Van Calster et al. 2019, BMC Medicine 17:230): the calibration
/// slope (logistic regression of the outcome on the logit of the prediction; 1 is ideal, below 1 means
/// predictions too extreme), the calibration intercept (calibration-in-the-large: the same model with the
/// slope fixed at 1; 0 is ideal, above 0 means risk underestimated), and a table of predicted against observed
/// risk by group of predicted risk.
/// </summary>
public static class Calibration
{
    private const double Clamp = 1e-6;

    public static (double Slope, double Intercept) SlopeAndIntercept(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes)
    {
        var logits = probabilities.Select(Logit).ToArray();
        var slope = LogisticRegression.Fit([.. logits.Select(l => new[] { l })], outcomes).Coefficients[1];
        return (slope, InterceptWithOffset(logits, outcomes));
    }

    /// <summary>Groups of predicted risk (e.g. tenths) with mean predicted risk and the observed rate with its Wilson interval.</summary>
    public static IReadOnlyList<CalibrationGroup> Table(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes, int groups = 10)
    {
        var order = Enumerable.Range(0, probabilities.Count).OrderBy(i => probabilities[i]).ToArray();
        var table = new List<CalibrationGroup>();
        for (var g = 0; g < groups; g++)
        {
            var from = (int)((long)g * order.Length / groups);
            var to = (int)((long)(g + 1) * order.Length / groups);
            if (to <= from)
            {
                continue;
            }

            var members = order[from..to];
            var events = members.Count(i => outcomes[i]);
            var observed = new Proportion(events, members.Length);
            table.Add(new CalibrationGroup(g + 1, members.Length, members.Average(i => probabilities[i]), observed.Estimate, observed.Wilson()));
        }

        return table;
    }

    private static double Logit(double p)
    {
        var q = Math.Clamp(p, Clamp, 1 - Clamp);
        return Math.Log(q / (1 - q));
    }

    /// <summary>
    /// Maximum-likelihood intercept a in logit(P(y)) = a + logit(p). The score Σ(y − p) falls as a grows, so
    /// bisection finds its root safely (Newton's method can overshoot and diverge here).
    /// </summary>
    private static double InterceptWithOffset(double[] logits, IReadOnlyList<bool> outcomes)
    {
        double Score(double a)
        {
            double sum = 0;
            for (var i = 0; i < logits.Length; i++)
            {
                sum += (outcomes[i] ? 1 : 0) - (1 / (1 + Math.Exp(-(a + logits[i]))));
            }

            return sum;
        }

        double low = -50, high = 50;
        for (var iteration = 0; iteration < 200 && high - low > 1e-12; iteration++)
        {
            var middle = (low + high) / 2;
            if (Score(middle) > 0)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return (low + high) / 2;
    }
}
