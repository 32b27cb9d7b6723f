using Outcomes.Analytics.Measurement;
using Xunit;

namespace Outcomes.Analytics.Tests.Measurement;

public sealed class ExpectedRecoveryCurveTests
{
    /// <summary>
    /// Four completed episodes, scores after intake at weeks 1, 3 and 7, where ln(w + 1) is ln 2, 2·ln 2 and 3·ln 2
    /// (k = 1, 2, 3 in units of L = ln 2). Change d = score − intake:
    ///   E1 intake 20: week 1 → 17 (d −3, k 1), week 3 → 14 (−6, k 2), week 7 → 11 (−9, k 3)
    ///   E2 intake 15: week 1 → 13 (−2, k 1), week 3 → 11 (−4, k 2)
    ///   E3 intake 25: week 1 → 21 (−4, k 1), week 7 → 13 (−12, k 3)
    ///   E4 intake 18: week 3 → 14 (−4, k 2), week 7 → 10 (−8, k 3)
    /// </summary>
    private static List<IReadOnlyList<ScoreAtWeek>> Episodes() =>
    [
        [new(20, 1, 17), new(20, 3, 14), new(20, 7, 11)],
        [new(15, 1, 13), new(15, 3, 11)],
        [new(25, 1, 21), new(25, 7, 13)],
        [new(18, 3, 14), new(18, 7, 10)],
    ];

    // Least squares through the origin, b = Σ x·d / Σ x², with x = k·L:
    //   Σ k·d = −3 − 12 − 27 − 2 − 8 − 4 − 36 − 8 − 24 = −124;  Σ k² = 1+4+9 + 1+4 + 1+9 + 4+9 = 42
    //   b = (−124 / 42) / L = −2.9523810 / 0.6931472 = −4.2593… points per unit of ln(w + 1)
    // Residuals e = d + (124/42)·k, in 42nds: E1 −2, −4, −6; E2 40, 80; E3 −44, −132; E4 80, 36.
    //   Sorted: −132, −44, −6, −4, −2, 36, 40, 80, 80 (n = 9)
    //   P10 (type 7): h = 8 · 0.1 = 0.8 → −132 + 0.8 · (−44 + 132) = −61.6 → −61.6 / 42 = −1.4666667
    //   P90: h = 8 · 0.9 = 7.2 → 80 + 0.2 · (80 − 80) = 80 → 80 / 42 = 1.9047619
    // A patient with intake 22 at week 3 (k = 2): expected 22 − 2 · 124/42 = 22 − 5.9047619 = 16.0952381;
    //   band 16.0952381 − 1.4666667 = 14.6285714 to 16.0952381 + 1.9047619 = 18.
    [Fact]
    public void The_slope_and_band_match_the_hand_computation()
    {
        var curve = ExpectedRecoveryCurve.Fit(Episodes(), ScoreDirection.HigherIsWorse, out var reason, minimumEpisodes: 4);

        Assert.Null(reason);
        Assert.NotNull(curve);
        Assert.Equal(4, curve.Episodes);
        Assert.Equal(9, curve.Scores);
        Assert.Equal(-124.0 / 42 / Math.Log(2), curve.Slope, 10);
        Assert.Equal(-1.4666667, curve.LowerResidual, 6);
        Assert.Equal(1.9047619, curve.UpperResidual, 6);
        Assert.Equal(16.0952381, curve.Expected(22, 3), 6);
        Assert.Equal(14.6285714, curve.Band(22, 3).Lower, 6);
        Assert.Equal(18.0, curve.Band(22, 3).Upper, 6);
    }

    [Theory]
    [InlineData(18.0, TrackStatus.OnTrack)]            // on the band's edge
    [InlineData(16.0, TrackStatus.OnTrack)]
    [InlineData(18.5, TrackStatus.NotOnTrack)]         // above the band: worse than expected
    [InlineData(14.0, TrackStatus.BetterThanExpected)] // below the band: better than expected, no alert
    public void The_latest_score_outside_the_band_on_the_side_of_illness_is_not_on_track(double latest, TrackStatus expected)
    {
        var curve = ExpectedRecoveryCurve.Fit(Episodes(), ScoreDirection.HigherIsWorse, out _, minimumEpisodes: 4)!;

        Assert.Equal(expected, curve.Status(22, 3, latest));
    }

    [Fact]
    public void On_a_higher_is_better_instrument_a_score_below_the_band_is_the_alert()
    {
        var curve = ExpectedRecoveryCurve.Fit(Episodes(), ScoreDirection.HigherIsBetter, out _, minimumEpisodes: 4)!;

        Assert.Equal(TrackStatus.BetterThanExpected, curve.Status(22, 3, 18.5));
        Assert.Equal(TrackStatus.NotOnTrack, curve.Status(22, 3, 14.0));
    }

    [Fact]
    public void Fewer_completed_episodes_than_the_minimum_give_no_curve_and_say_why()
    {
        var curve = ExpectedRecoveryCurve.Fit(Episodes(), ScoreDirection.HigherIsWorse, out var reason);

        Assert.Null(curve);
        Assert.Equal("4 completed episodes with a later score, fewer than 20", reason);
    }
}
