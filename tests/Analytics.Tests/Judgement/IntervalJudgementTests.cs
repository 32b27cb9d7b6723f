using Outcomes.Analytics.Judgement;
using Xunit;

namespace Outcomes.Analytics.Tests.Judgement;

public sealed class IntervalJudgementTests
{
    [Theory]
    [InlineData(0.62, 0.71, 0.60, IntervalVerdict.Met)]
    [InlineData(0.60, 0.71, 0.60, IntervalVerdict.Met)]
    [InlineData(0.41, 0.55, 0.60, IntervalVerdict.NotMet)]
    [InlineData(0.55, 0.65, 0.60, IntervalVerdict.CannotTell)]
    [InlineData(0.50, 0.60, 0.60, IntervalVerdict.CannotTell)]
    public void An_at_least_target_is_met_only_when_the_whole_interval_is_at_or_above_it(double lower, double upper, double target, IntervalVerdict expected)
    {
        Assert.Equal(expected, IntervalJudgement.Judge(new Interval(lower, upper), target, atLeast: true));
    }

    [Theory]
    [InlineData(0.20, 0.30, 0.35, IntervalVerdict.Met)]
    [InlineData(0.37, 0.45, 0.35, IntervalVerdict.NotMet)]
    [InlineData(0.35, 0.45, 0.35, IntervalVerdict.CannotTell)]
    [InlineData(0.27, 0.40, 0.35, IntervalVerdict.CannotTell)]
    public void An_at_most_target_is_met_only_when_the_whole_interval_is_at_or_below_it(double lower, double upper, double target, IntervalVerdict expected)
    {
        Assert.Equal(expected, IntervalJudgement.Judge(new Interval(lower, upper), target, atLeast: false));
    }

    [Fact]
    public void A_facility_at_33_percent_dropout_against_at_most_35_is_cannot_tell_not_not_met()
    {
        // The example: true dropout 33%, n = 200, target at most 35%; a month with 71 dropouts (35.5%) would be
        // "not met" by its point estimate. Wilson 95% interval by hand (Newcombe 1998 method 3, z = 1.96):
        // centre (0.355 + 1.96²/400)/(1 + 1.96²/200) = 0.35773, half-width 1.96/1.019207·√(0.355·0.645/200 + 1.96²/160000)
        // = 0.06575, so 0.2920 to 0.4235: it includes 35%, so cannot tell.
        var interval = new Outcomes.Analytics.Proportions.Proportion(71, 200).Wilson();

        Assert.Equal(0.2920, interval.Lower, 4);
        Assert.Equal(0.4235, interval.Upper, 4);
        Assert.Equal(IntervalVerdict.CannotTell, IntervalJudgement.Judge(interval, 0.35, atLeast: false));
    }

    [Fact]
    public void No_interval_means_cannot_tell()
    {
        Assert.Equal(IntervalVerdict.CannotTell, IntervalJudgement.Judge(new Interval(double.NaN, double.NaN), 0.5, atLeast: true));
    }
}
