using Outcomes.Analytics.Survival;
using Xunit;

namespace Outcomes.Analytics.Tests.Survival;

public sealed class KaplanMeierCurveTests
{
    // The 6-MP group of the Freireich trial as printed by R's survival package (survfit, conf.type "log"),
    // which also appears in Kleinbaum and Klein, table 2.3: time, at risk, events, S(t), Greenwood SE, 95% CI.
    [Theory]
    [InlineData(6, 21, 3, 0.857, 0.0764, 0.720, 1.000)]
    [InlineData(7, 17, 1, 0.807, 0.0869, 0.653, 0.996)]
    [InlineData(10, 15, 1, 0.753, 0.0963, 0.586, 0.968)]
    [InlineData(13, 12, 1, 0.690, 0.1068, 0.510, 0.935)]
    [InlineData(16, 11, 1, 0.627, 0.1141, 0.439, 0.896)]
    [InlineData(22, 7, 1, 0.538, 0.1282, 0.337, 0.858)]
    [InlineData(23, 6, 1, 0.448, 0.1346, 0.249, 0.807)]
    public void The_curve_matches_the_textbook_table_for_the_mercaptopurine_group(
        double time, int atRisk, int events, double survival, double se, double lower, double upper)
    {
        var step = KaplanMeierCurve.Fit(FreireichLeukaemia.Mercaptopurine).Steps.Single(s => s.Time == time);

        Assert.Equal((atRisk, events), (step.AtRisk, step.Events));
        Assert.Equal(survival, step.Survival, 3);
        Assert.Equal(se, step.StandardError, 4);
        Assert.Equal(lower, step.Interval.Lower, 3);
        Assert.Equal(upper, step.Interval.Upper, 3);
    }

    [Fact]
    public void Medians_and_their_intervals_match_the_published_values()
    {
        // R: group=6-MP median 23 (0.95 LCL 16, UCL NA); group=placebo median 8 (4, 12).
        var mercaptopurine = KaplanMeierCurve.Fit(FreireichLeukaemia.Mercaptopurine);
        var placebo = KaplanMeierCurve.Fit(FreireichLeukaemia.Placebo);

        Assert.Equal((23.0, 16.0, (double?)null), (mercaptopurine.Median!.Value, mercaptopurine.MedianInterval.Lower!.Value, mercaptopurine.MedianInterval.Upper));
        Assert.Equal((8.0, 4.0, 12.0), (placebo.Median!.Value, placebo.MedianInterval.Lower!.Value, placebo.MedianInterval.Upper!.Value));
    }

    [Fact]
    public void Retention_between_event_times_is_the_estimate_of_the_last_event_before()
    {
        var curve = KaplanMeierCurve.Fit(FreireichLeukaemia.Mercaptopurine);

        Assert.Equal(1.0, curve.At(5).Survival);
        Assert.Equal(18.0 / 21, curve.At(6).Survival, 10);
        Assert.Equal(18.0 / 21 * 16 / 17, curve.At(9.5).Survival, 10);
    }

    [Fact]
    public void A_group_in_which_no_one_has_left_yet_has_no_median()
    {
        var curve = KaplanMeierCurve.Fit([new(10, false), new(20, false)]);

        Assert.Empty(curve.Steps);
        Assert.Null(curve.Median);
    }
}
