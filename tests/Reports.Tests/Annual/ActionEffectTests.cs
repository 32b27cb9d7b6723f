using Outcomes.Analytics.Targets;
using Outcomes.Reports.Annual;
using Xunit;

namespace Outcomes.Reports.Tests.Annual;

/// <summary>
/// The effect of an action plan by an interrupted time series of the monthly figure. A plan for dropout missed in 2026-Q1,
/// decided on 2026-04-15, data through 2027-06-30: the year 2025 before, 2026-01 to 2026-04 left out, 2026-05 to
/// 2027-04 after. Reference fits by R 4.2: lm(y ~ t + post + after) with t = 1–12 and 17–28, post = t ≥ 17,
/// after = (t − 17)·post; confint().
/// </summary>
public sealed class ActionEffectTests
{
    // Month-to-month noise of a dropout rate around its level (points of a share), the same both sides but reversed after.
    private static readonly double[] Noise = [0.012, -0.018, 0.006, 0.021, -0.009, -0.015, 0.017, -0.004, 0.010, -0.020, 0.008, -0.003];

    private static readonly ActionPlan Plan = new() { PeriodLabel = "2026-Q1", DecidedOn = new DateOnly(2026, 4, 15) };

    private static readonly DateOnly Through = new(2027, 6, 30);

    [Fact]
    public void The_months_before_end_before_the_missed_quarter_and_the_months_after_start_after_the_decision_month()
    {
        var window = ActionEffect.MonthsOf(Plan, Through);

        Assert.Equal([.. Enumerable.Range(1, 12).Select(m => $"2025-{m:00}")], window.Before.Select(m => m.Label));
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04"], window.LeftOut.Select(m => m.Label));
        Assert.Equal("2026-05", window.After[0].Label);
        Assert.Equal("2027-04", window.After[^1].Label);
        Assert.Equal(12, window.After.Count);
    }

    [Fact]
    public void A_planted_fall_of_six_points_is_found_within_its_interval_and_stated_in_words()
    {
        // 35% before and 29% after, with the same noise: R gives a level change of −0.0578846 (95% CI −0.0902997 to
        // −0.0254695) and a slope change of +0.000846 a month (−0.00273 to 0.00442).
        var window = ActionEffect.MonthsOf(Plan, Through);
        double?[] before = [.. Noise.Select(e => (double?)(0.35 + e))];
        double?[] after = [.. Noise.Reverse().Select(e => (double?)(0.29 + e))];

        var fit = ActionEffect.Fit(window, before, after);

        Assert.Equal(-0.0578846153846153, fit.LevelChange.Estimate, 12);
        Assert.Equal(-0.0902997371626385, fit.LevelChange.Interval.Lower, 10);
        Assert.Equal(-0.0254694936065922, fit.LevelChange.Interval.Upper, 10);
        Assert.InRange(-0.06, fit.LevelChange.Interval.Lower, fit.LevelChange.Interval.Upper);
        Assert.Equal(
            "level fell 5.8 points (95% CI −9.0 to −2.5) after the plan; no clear change in slope (+0.1 points a month, 95% CI −0.3 to 0.4); "
            + "2025-01 to 2025-12 (12 months) against 2026-05 to 2027-04 (12)",
            ActionEffect.Describe("dropout", window, before, after));
    }

    [Fact]
    public void A_return_to_the_usual_level_after_the_bad_quarter_that_chose_the_plan_is_not_called_an_effect()
    {
        // No effect: 35% with the same noise before and after. The quarter that missed the target was a bad one (44%, 46%,
        // 45%) and the decision month 40%: "the quarter before against the quarter after" read this as down about 10
        // points. Those months are left out; R on the rest: level +0.0021 (95% CI −0.0303 to 0.0345).
        var window = ActionEffect.MonthsOf(Plan, Through);
        double?[] before = [.. Noise.Select(e => (double?)(0.35 + e))];
        double?[] after = [.. Noise.Reverse().Select(e => (double?)(0.35 + e))];

        Assert.Equal(
            "no clear change in level (+0.2 points, 95% CI −3.0 to 3.5); no clear change in slope (+0.1 points a month, 95% CI −0.3 to 0.4); "
            + "2025-01 to 2025-12 (12 months) against 2026-05 to 2027-04 (12)",
            ActionEffect.Describe("dropout", window, before, after));

        // Why they are left out: the same months with the bad quarter and the decision month kept as the last months before
        // (R: t = 1–16 and 17–28) give a level change of −0.0732 (95% CI −0.1155 to −0.0309), a "fall" that is only
        // the return to 35%.
        List<(int, double)> kept = [.. before.Select((v, i) => (i + 1, v!.Value)), (13, 0.44), (14, 0.46), (15, 0.45), (16, 0.40), .. after.Select((v, i) => (17 + i, v!.Value))];
        var naive = Analytics.TimeSeries.SegmentedRegression.FitOrdinary(kept, firstMonthAfter: 17);
        Assert.Equal(-0.0732102564102565, naive.LevelChange.Estimate, 12);
        Assert.True(naive.LevelChange.Interval.Upper < 0);
    }

    [Fact]
    public void Fewer_than_six_months_with_a_figure_on_either_side_are_not_yet_assessable()
    {
        var window = ActionEffect.MonthsOf(Plan, Through);
        double?[] before = [.. Noise.Select((e, i) => i < 7 ? null : (double?)(0.35 + e))];
        double?[] after = [.. Noise.Select(e => (double?)(0.35 + e))];

        Assert.Equal(
            "not yet assessable: too few months (5 before and 12 after with a figure shown; needs at least 6 before and 6 after)",
            ActionEffect.Describe("dropout", window, before, after));
        Assert.Equal(5, ActionEffect.MonthsOf(Plan, new DateOnly(2026, 10, 30)).After.Count);
    }
}
