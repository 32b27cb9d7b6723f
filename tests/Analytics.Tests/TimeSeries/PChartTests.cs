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
        Assert.Equal([new SpcRun(SpcSignal.Shift, 2, 9, 1)], chart.Runs);
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

    // Montgomery, Introduction to Statistical Quality Control, §7.2.2 (variable sample size): 25 days of purchase orders,
    // n from 80 to 120 a day, 234 of 2,450 nonconforming. The same data and limits are the worked example of Maple's
    // ProcessControl[PControlLimits] help page, whose output is copied below (to 8 digits: Maple's floats differ in the 10th).
    private static readonly long[] PurchaseOrdersNonconforming = [12, 8, 6, 9, 10, 12, 11, 16, 10, 6, 20, 15, 9, 8, 6, 8, 10, 7, 5, 8, 5, 8, 10, 6, 9];

    private static readonly long[] PurchaseOrdersChecked = [100, 80, 80, 100, 110, 110, 100, 100, 90, 90, 110, 120, 120, 120, 110, 80, 80, 80, 90, 100, 100, 100, 100, 90, 90];

    private static List<(long, long)> PurchaseOrders() => [.. PurchaseOrdersNonconforming.Zip(PurchaseOrdersChecked)];

    [Fact]
    public void The_limits_for_each_days_own_n_match_montgomerys_purchase_order_example()
    {
        var chart = PChart.For(PurchaseOrders());

        // p̄ = 234/2450 = 0.0955102; Maple: n = 100: 0.00733469451799994, 0.183685713645266; n = 80: 0, 0.194093420749116;
        // n = 110: 0.0114381544250419.
        Assert.Equal(234.0 / 2450, chart.CentreLine, 12);
        Assert.Equal(0.00733469, chart.Points[0].LowerLimit, 8);
        Assert.Equal(0.18368571, chart.Points[0].UpperLimit, 8);
        Assert.Equal(0, chart.Points[1].LowerLimit);
        Assert.Equal(0.19409342, chart.Points[1].UpperLimit, 8);
        Assert.Equal(0.01143815, chart.Points[4].LowerLimit, 8);
        Assert.False(chart.IsLaney);
        Assert.Equal(1, chart.SigmaZ);
        // By hand: day 11, 20 of 110 = 0.1818, is above its limit 0.0955 + 3·√(0.0955·0.9045/110) = 0.1796; every other
        // day is inside. Days 3–8 rise six in a row (0.075, 0.09, 0.0909, 0.1091, 0.11, 0.16): a trend. The longest run
        // on one side of the centre line is 5 (days 15–19 below), short of a shift.
        var signalled = chart.Points.Select((p, i) => (Day: i + 1, p.Signals)).Where(x => x.Signals != SpcSignal.None).ToList();
        Assert.Equal([(3, SpcSignal.Trend), (4, SpcSignal.Trend), (5, SpcSignal.Trend), (6, SpcSignal.Trend), (7, SpcSignal.Trend), (8, SpcSignal.Trend), (11, SpcSignal.OutsideLimits)], signalled);
        Assert.Equal([new SpcRun(SpcSignal.Trend, 2, 7, 1), new SpcRun(SpcSignal.OutsideLimits, 10, 10, 1)], chart.Runs);
    }

    [Fact]
    public void Laneys_sigma_z_on_the_purchase_orders_is_below_one_so_the_report_keeps_the_binomial_limits()
    {
        // Laney 2002 (Quality Engineering 14(4):531-537): z_i = (p_i − p̄)/√(p̄(1 − p̄)/n_i), σ_z = mean |z_i − z_(i−1)| / 1.128.
        // Laney's own table was not at hand; the reference is the formula written out in base R 4.2 on Montgomery's data:
        //   p <- d/n; pbar <- sum(d)/sum(n); s <- sqrt(pbar*(1-pbar)/n); z <- (p-pbar)/s; mean(abs(diff(z)))/1.128
        // = 0.965674024958971; day 1 (n = 100): limits pbar ± 3·s·σ_z = 0.0103614050610837 and 0.180659003102182.
        var laney = PChart.Laney(PurchaseOrders());

        Assert.Equal(0.965674024958971, laney.SigmaZ, 12);
        Assert.True(laney.IsLaney);
        Assert.Equal(0.0103614050610837, laney.Points[0].LowerLimit, 12);
        Assert.Equal(0.180659003102182, laney.Points[0].UpperLimit, 12);

        var read = PChart.LaneyWhereOverdispersed(PurchaseOrders());
        Assert.False(read.IsLaney);
        Assert.Equal(PChart.For(PurchaseOrders()).Points, read.Points);
    }

    [Fact]
    public void Over_dispersed_months_get_laneys_wider_limits_and_are_not_all_called_special_causes()
    {
        // By hand: 200, 300, 200, 300 of 1,000: p̄ = 0.25, σ_p = √(0.1875/1000) = 0.0136931. Plain limits 0.25 ± 0.0411 =
        // 0.2089 to 0.2911: every month is outside. z = ±0.05/σ_p = ±3.65148, three moving ranges of 7.30297, σ_z =
        // 7.30297/1.128 = 6.47426; σ_z·σ_p = 0.1/1.128, limits 0.25 ± 0.3/1.128 = 0 (cut) to 0.515957: none outside.
        List<(long, long)> months = [(200, 1000), (300, 1000), (200, 1000), (300, 1000)];

        Assert.All(PChart.For(months).Points, p => Assert.True(p.Signals.HasFlag(SpcSignal.OutsideLimits)));
        var chart = PChart.LaneyWhereOverdispersed(months);

        Assert.True(chart.IsLaney);
        Assert.Equal(0.1 / 1.128 / Math.Sqrt(0.1875 / 1000), chart.SigmaZ, 10);
        Assert.All(chart.Points, p => Assert.Equal(0, p.LowerLimit));
        Assert.All(chart.Points, p => Assert.Equal(0.25 + (0.3 / 1.128), p.UpperLimit, 12));
        Assert.All(chart.Points, p => Assert.Equal(SpcSignal.None, p.Signals));
    }

    [Fact]
    public void A_month_without_cases_has_no_z_score_and_no_moving_range_on_either_side()
    {
        // As above with an empty month between the second and third: ranges only between months 1–2 and 4–5, both 7.30297.
        List<(long, long)> months = [(200, 1000), (300, 1000), (0, 0), (200, 1000), (300, 1000)];

        Assert.Equal(0.1 / 1.128 / Math.Sqrt(0.1875 / 1000), PChart.SigmaZOf(months), 10);
    }

    [Fact]
    public void A_point_just_inside_its_limits_signals_nothing()
    {
        // p̄ = 100/1000 = 0.1, n = 100 each: limits 0.01 to 0.19; months 5 and 10 at 0.18 and 0.17 are inside. Sides:
        // runs of at most 4 below the line; the longest fall is 4 points (months 5–8), the longest rise 3.
        long[] events = [8, 9, 7, 8, 18, 9, 8, 7, 9, 17];

        var chart = PChart.For(events.Select(e => (e, 100L)).ToList());

        Assert.Equal(0.1, chart.CentreLine, 12);
        Assert.All(chart.Points, p => Assert.Equal(SpcSignal.None, p.Signals));
    }
}
