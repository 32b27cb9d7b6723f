using Outcomes.Analytics.DropoutRisk.Evaluation;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Evaluation;

public sealed class CalibrationTests
{
    /// <summary>Ten patients predicted at risk a (2 of them dropped out), ten at risk b (6 dropped out).</summary>
    private static (double[] Risks, bool[] Outcomes) TwoGroups(double a, double b)
    {
        var risks = Enumerable.Repeat(a, 10).Concat(Enumerable.Repeat(b, 10)).ToArray();
        var outcomes = Enumerable.Range(0, 20).Select(i => i < 10 ? i < 2 : i < 16).ToArray();
        return (risks, outcomes);
    }

    [Fact]
    public void Risks_that_match_the_observed_rates_have_slope_one_and_intercept_zero()
    {
        var (risks, outcomes) = TwoGroups(0.2, 0.6);

        var (slope, intercept) = Calibration.SlopeAndIntercept(risks, outcomes);

        Assert.Equal(1.0, slope, 6);
        Assert.Equal(0.0, intercept, 6);
    }

    [Fact]
    public void Too_extreme_risks_have_the_slope_computed_by_hand()
    {
        // Observed 0.2 and 0.6, predicted 0.1 and 0.8:
        // slope = (logit 0.6 - logit 0.2) / (logit 0.8 - logit 0.1) = 1.79176 / 3.58352 = 0.5000.
        var (risks, outcomes) = TwoGroups(0.1, 0.8);

        var (slope, _) = Calibration.SlopeAndIntercept(risks, outcomes);

        Assert.Equal((Math.Log(0.6 / 0.4) - Math.Log(0.2 / 0.8)) / (Math.Log(0.8 / 0.2) - Math.Log(0.1 / 0.9)), slope, 6);
        Assert.Equal(0.5, slope, 3);
    }

    [Fact]
    public void Underestimated_risk_shows_as_a_positive_intercept_of_the_logit_gap()
    {
        // Everyone predicted 10%, half dropped out: intercept = logit 0.5 - logit 0.1 = ln 9 = 2.1972.
        var risks = Enumerable.Repeat(0.1, 10).ToArray();
        var outcomes = Enumerable.Range(0, 10).Select(i => i < 5).ToArray();

        var (_, intercept) = Calibration.SlopeAndIntercept(risks, outcomes);

        Assert.Equal(Math.Log(9), intercept, 6);
    }

    [Fact]
    public void The_calibration_table_puts_predicted_beside_observed_per_risk_band()
    {
        var (risks, outcomes) = TwoGroups(0.2, 0.6);

        var table = Calibration.Table(risks, outcomes, groups: 2);

        Assert.Equal([(10, 0.2, 0.2), (10, 0.6, 0.6)], table.Select(g => (g.Count, Math.Round(g.MeanPredicted, 10), g.Observed)));
    }
}
