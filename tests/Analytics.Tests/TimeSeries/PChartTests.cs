using Outcomes.Analytics.TimeSeries;
using Xunit;

namespace Outcomes.Analytics.Tests.TimeSeries;

public sealed class PChartTests
{
    [Fact]
    public void The_limits_and_the_two_points_outside_match_montgomerys_orange_juice_example()
    {
        // Montgomery, Introduction to Statistical Quality Control (6th ed. 2009), Example 7.1 and Table 7.1: 30 samples of
        // 50 cans, 347 nonconforming. p̄ = 347/1500 = 0.2313; limits 0.2313 ± 3·√(0.2313·0.7687/50) = 0.0524 and 0.4102;
        // samples 15 (0.44) and 23 (0.48) plot above the upper limit. No run of 8 on one side and no 6 in a row rising or
        // falling (by hand: the longest runs on one side are 4, the longest rise 3 samples).
        int[] nonconforming = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6];

        var chart = PChart.For(nonconforming.Select(d => ((long)d, 50L)).ToList());

        Assert.Equal(0.2313, chart.CentreLine, 4);
        Assert.All(chart.Points, p => Assert.Equal(0.0524, p.LowerLimit, 4));
        Assert.All(chart.Points, p => Assert.Equal(0.4102, p.UpperLimit, 4));
        var signalled = chart.Points.Select((p, i) => (Sample: i + 1, p.Signals)).Where(x => x.Signals != SpcSignal.None).ToList();
        Assert.Equal([(15, SpcSignal.OutsideLimits), (23, SpcSignal.OutsideLimits)], signalled);
    }

    [Fact]
    public void Each_month_has_limits_from_its_own_number_of_cases()
    {
        // p̄ = 60/300 = 0.2; n = 100: 0.2 ± 3·0.04 = 0.08 to 0.32; n = 25: 0.2 ± 3·0.08 = 0 (cut) to 0.44.
        var chart = PChart.For([(20, 100), (35, 175), (5, 25)]);

        Assert.Equal(0.2, chart.CentreLine, 12);
        Assert.Equal(0.08, chart.Points[0].LowerLimit, 12);
        Assert.Equal(0.32, chart.Points[0].UpperLimit, 12);
        Assert.Equal(0, chart.Points[2].LowerLimit);
        Assert.Equal(0.44, chart.Points[2].UpperLimit, 12);
    }

    [Fact]
    public void A_point_beyond_three_sigma_is_outside_the_limits()
    {
        // p̄ = 100/1000 = 0.1, n = 100 each: limits 0.1 ± 0.09 = 0.01 to 0.19; month 5 at 0.28 (28 of 100) is above.
        long[] events = [8, 9, 7, 8, 28, 9, 8, 7, 9, 7];

        var chart = PChart.For(events.Select(e => (e, 100L)).ToList());

        Assert.Equal(0.19, chart.Points[0].UpperLimit, 12);
        Assert.Equal([4], chart.Points.Select((p, i) => (p, i)).Where(x => x.p.Signals.HasFlag(SpcSignal.OutsideLimits)).Select(x => x.i));
    }

    [Fact]
    public void Eight_in_a_row_above_the_centre_line_is_a_shift_and_seven_is_not()
    {
        // Centre 0.30 by construction (equal n, symmetric values); months 3–10 above it (8), months 13–19 below it (7).
        long[] events = [28, 30, 32, 31, 33, 32, 31, 34, 32, 31, 30, 30, 28, 29, 27, 28, 29, 28, 27, 30];
        var chart = PChart.For(events.Select(e => (e, 100L)).ToList());
        Assert.Equal(0.30, chart.CentreLine, 12);

        var shifted = chart.Points.Select((p, i) => (p, i)).Where(x => x.p.Signals.HasFlag(SpcSignal.Shift)).Select(x => x.i + 1);

        Assert.Equal(Enumerable.Range(3, 8), shifted);
    }

    [Fact]
    public void Six_rising_in_a_row_is_a_trend_and_five_is_not()
    {
        // Months 2–7 rise (6 points, 5 steps); months 10–14 fall (5 points only); a tie (months 16 and 17) breaks a run.
        long[] events = [30, 25, 27, 28, 30, 33, 35, 31, 32, 34, 33, 31, 29, 27, 28, 30, 30, 32, 34, 35];

        var chart = PChart.For(events.Select(e => (e, 100L)).ToList());
        var trending = chart.Points.Select((p, i) => (p, i)).Where(x => x.p.Signals.HasFlag(SpcSignal.Trend)).Select(x => x.i + 1);

        Assert.Equal(Enumerable.Range(2, 6), trending);
    }

    [Fact]
    public void Six_falling_in_a_row_is_a_trend()
    {
        long[] events = [30, 31, 29, 36, 34, 33, 31, 30, 28, 32, 30, 31];

        var chart = PChart.For(events.Select(e => (e, 100L)).ToList());
        var trending = chart.Points.Select((p, i) => (p, i)).Where(x => x.p.Signals.HasFlag(SpcSignal.Trend)).Select(x => x.i + 1);

        Assert.Equal(Enumerable.Range(4, 6), trending);
    }

    [Fact]
    public void A_month_without_cases_has_no_point_and_breaks_a_run()
    {
        // Months 1–4 and 6–9 above the centre line, month 5 without cases: two runs of 4, not one of 8.
        long[] events = [34, 35, 33, 36, 0, 34, 35, 33, 36, 26, 25, 27, 24, 26, 25, 27, 24];
        var months = events.Select((e, i) => (e, i == 4 ? 0L : 100L)).ToList();

        var chart = PChart.For(months);

        Assert.True(double.IsNaN(chart.Points[4].Proportion));
        Assert.Equal(SpcSignal.None, chart.Points[4].Signals);
        Assert.DoesNotContain(chart.Points.Take(9), p => p.Signals.HasFlag(SpcSignal.Shift));
        Assert.All(chart.Points.Skip(9), p => Assert.True(p.Signals.HasFlag(SpcSignal.Shift)));
    }
}
