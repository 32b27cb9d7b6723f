using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Runs;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs;

public sealed class FigureChangeTests
{
    // Newcombe RG (1998), Interval estimation for the difference between independent proportions: comparison of eleven
    // methods. Statistics in Medicine 17:873-890, Table II, method 10: 56/70 against 48/80 gives 0.0524 to 0.3339.
    [Fact]
    public void The_change_of_a_proportion_has_newcombes_hybrid_score_interval_of_his_worked_example()
    {
        var change = FigureChange.OfProportions(Share(56, 70), Share(48, 80))!;

        Assert.Equal(ChangeInterval.Newcombe, change.Method);
        Assert.Equal((56.0 / 70) - (48.0 / 80), change.Estimate, 10);
        Assert.Equal(0.0524, change.Interval!.Value.Lower, 4);
        Assert.Equal(0.3339, change.Interval.Value.Upper, 4);
    }

    [Fact]
    public void A_kaplan_meier_share_changes_with_the_mover_interval_of_its_two_stored_intervals()
    {
        // By hand: 0.80 (0.70 to 0.87) against 0.60 (0.50 to 0.69). Change 0.20;
        // lower 0.20 − √(0.10² + 0.09²) = 0.20 − 0.134536 = 0.065464; upper 0.20 + √(0.07² + 0.10²) = 0.20 + 0.122066 = 0.322066.
        var change = FigureChange.OfEstimates(Estimate(0.80, 0.70, 0.87), Estimate(0.60, 0.50, 0.69))!;

        Assert.Equal(ChangeInterval.Mover, change.Method);
        Assert.Equal(0.20, change.Estimate, 10);
        Assert.Equal(0.065464, change.Interval!.Value.Lower, 6);
        Assert.Equal(0.322066, change.Interval.Value.Upper, 6);
    }

    [Fact]
    public void On_wilson_limits_the_mover_interval_is_newcombes()
    {
        var (now, before) = (WilsonInterval.For(9, 10), WilsonInterval.For(3, 10));

        var mover = FigureChange.OfEstimates(Estimate(0.9, now.Lower, now.Upper), Estimate(0.3, before.Lower, before.Upper))!;

        // Newcombe 1998, Table II, method 10: 9/10 against 3/10 gives 0.1705 to 0.8090.
        Assert.Equal(0.1705, mover.Interval!.Value.Lower, 4);
        Assert.Equal(0.8090, mover.Interval.Value.Upper, 4);
    }

    [Fact]
    public void Without_an_estimate_on_either_side_there_is_no_change_and_without_intervals_no_interval()
    {
        Assert.Null(FigureChange.OfProportions(Share(5, 10), Share(0, 0)));
        Assert.Null(FigureChange.OfEstimates(Estimate(null, null, null), Estimate(0.5, 0.4, 0.6)));
        var bare = FigureChange.OfEstimates(Estimate(0.5, null, null), Estimate(0.4, 0.3, 0.5))!;
        Assert.Equal((0.1, null, ChangeInterval.None), (Math.Round(bare.Estimate, 10), bare.Interval, bare.Method));
    }

    private static Figure Share(long events, long cases) =>
        new("completion", Figure.All, "iop", null, "", (int)cases, events, cases, cases == 0 ? null : (double)events / cases, null, null, false, null);

    private static Figure Estimate(double? estimate, double? lower, double? upper) =>
        new("retention", Figure.All, "iop", null, "day 90", 100, null, null, estimate, lower, upper, false, null);
}
