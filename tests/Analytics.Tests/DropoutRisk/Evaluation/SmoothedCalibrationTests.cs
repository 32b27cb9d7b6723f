using Outcomes.Analytics.DropoutRisk.Evaluation;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Evaluation;

public sealed class SmoothedCalibrationTests
{
    [Fact]
    public void Two_groups_of_risks_give_the_ICI_E50_E90_and_Emax_computed_by_hand()
    {
        // Ten snapshots at 10% risk of which 2 left (observed 20%), ten at 80% of which 6 left (observed 60%). With 75% of
        // the 20 rows (15) nearest each risk, the other group lies at the edge of the window and weighs nothing, so the
        // curve is the group's own rate: 0.2 at 10%, 0.6 at 80%. Distances: ten of 0.1, ten of 0.2.
        // ICI = (10 * 0.1 + 10 * 0.2) / 20 = 0.15. E50 (type 7): h = 19 * 0.5 = 9.5, between the 10th (0.1) and 11th (0.2)
        // sorted distances: 0.15. E90: h = 19 * 0.9 = 17.1, between the 18th and 19th, both 0.2: 0.2. Emax 0.2.
        var risks = Enumerable.Repeat(0.1, 10).Concat(Enumerable.Repeat(0.8, 10)).ToArray();
        var outcomes = Enumerable.Range(0, 20).Select(i => i < 10 ? i < 2 : i < 16).ToArray();

        var curve = SmoothedCalibration.Of(risks, outcomes);

        Assert.Equal(0.15, curve.Ici, 12);
        Assert.Equal(0.15, curve.E50, 12);
        Assert.Equal(0.2, curve.E90, 12);
        Assert.Equal(0.2, curve.Emax, 12);
    }

    [Fact]
    public void A_known_straight_curve_gives_the_distances_computed_by_hand()
    {
        // Observed 0.05 + 0.8 p at p = 0.1 ... 0.5: distances |0.05 - 0.2 p| = 0.03, 0.01, 0.01, 0.03, 0.05.
        // ICI = 0.13 / 5 = 0.026; E50 = 0.03; E90: h = 4 * 0.9 = 3.6, 0.03 + 0.6 * (0.05 - 0.03) = 0.042; Emax = 0.05.
        double[] p = [0.1, 0.2, 0.3, 0.4, 0.5];

        var curve = SmoothedCalibration.Of(p, [.. p.Select(x => 0.05 + (0.8 * x))]);

        Assert.Equal(0.026, curve.Ici, 12);
        Assert.Equal(0.03, curve.E50, 12);
        Assert.Equal(0.042, curve.E90, 12);
        Assert.Equal(0.05, curve.Emax, 12);
        Assert.Equal([0.1, 0.15, 0.2, 0.3, 0.4, 0.5], curve.Points.Select(x => x.Predicted));
        Assert.Equal(0.05 + (0.8 * 0.15), curve.Points[1].Observed, 12);
    }

    [Fact]
    public void Local_quadratic_fits_reproduce_a_quadratic_curve_between_and_at_the_points()
    {
        // Loess of degree 2 fits a quadratic exactly, whatever the weights: at the points and, interpolated, between them.
        double Curve(double x) => 0.1 + (0.5 * x) - (0.3 * x * x);
        double[] x = [.. Enumerable.Range(1, 19).Select(i => i / 20.0)];

        var fit = SmoothedCalibration.Fit(x, [.. x.Select(Curve)]);

        foreach (var at in x)
        {
            Assert.Equal(Curve(at), fit(at), 9);
        }

        Assert.Equal(Curve(0.5), fit(0.5), 9);
        // Between points the fit is interpolated linearly: off by at most the curvature, 0.3 * 0.025² ≈ 0.0002.
        Assert.InRange(Math.Abs(Curve(0.525) - fit(0.525)), 0, 0.0003);
    }

    [Fact]
    public void Risks_drawn_as_the_truth_are_well_calibrated_and_risks_twice_the_truth_are_not()
    {
        // 5,000 rows (so the fit is interpolated between 200 points): risk p uniform on 2%–60%, outcome drawn with p, or
        // with p / 2 (risks twice too high: mean distance near the mean of p / 2, 0.155).
        var random = new Random(7);
        var p = Enumerable.Range(0, 5_000).Select(_ => 0.02 + (0.58 * random.NextDouble())).ToArray();
        var honest = p.Select(x => random.NextDouble() < x).ToArray();
        var doubled = p.Select(x => random.NextDouble() < x / 2).ToArray();

        var good = SmoothedCalibration.Of(p, honest);
        var bad = SmoothedCalibration.Of(p, doubled);

        Assert.InRange(good.Ici, 0, 0.015);
        Assert.InRange(bad.Ici, 0.13, 0.18);
        Assert.True(bad.E90 > bad.E50);
    }
}
