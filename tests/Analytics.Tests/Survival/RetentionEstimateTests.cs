using Outcomes.Analytics.Survival;
using Xunit;

namespace Outcomes.Analytics.Tests.Survival;

public sealed class RetentionEstimateTests
{
    // The 6-MP group of the Freireich trial (Kleinbaum and Klein, table 2.3): 11 at risk at week 16 (S = 0.627),
    // 10 at week 17 (times 17, 19, 20, 22, 23, 25, 32, 32, 34, 35), nobody after week 35.
    private static readonly KaplanMeierCurve Mercaptopurine = KaplanMeierCurve.Fit(FreireichLeukaemia.Mercaptopurine);

    [Fact]
    public void A_share_with_eleven_at_risk_is_given_with_its_interval()
    {
        var estimate = RetentionEstimate.At(Mercaptopurine, 16);

        Assert.True(estimate.IsEstimable);
        Assert.Equal(11, estimate.AtRisk);
        Assert.Equal(0.627, estimate.Retention!.Value, 3);
        Assert.Equal(0.439, estimate.Interval!.Value.Lower, 3);
    }

    [Fact]
    public void A_share_with_fewer_than_eleven_at_risk_is_not_estimable_and_shows_the_number_at_risk()
    {
        var estimate = RetentionEstimate.At(Mercaptopurine, 17);

        Assert.False(estimate.IsEstimable);
        Assert.Null(estimate.Retention);
        Assert.Equal(10, estimate.AtRisk);
        Assert.Equal("not estimable: 10 at risk on day 17, fewer than 11", estimate.NotEstimableReason);
    }

    [Fact]
    public void A_share_past_the_last_follow_up_is_never_given()
    {
        // The curve alone would carry its last value (0.448 after week 23) on to any day.
        Assert.Equal(0.448, Mercaptopurine.At(90).Survival, 3);

        var estimate = RetentionEstimate.At(Mercaptopurine, 90, minimumAtRisk: 1);

        Assert.False(estimate.IsEstimable);
        Assert.Null(estimate.Retention);
        Assert.Equal(0, estimate.AtRisk);
        Assert.Equal("not estimable: nobody was followed to day 90", estimate.NotEstimableReason);
    }
}
