using Outcomes.Analytics.TimeSeries;
using Xunit;

namespace Outcomes.Analytics.Tests.TimeSeries;

public sealed class SegmentedRegressionTests
{
    // Two years of monthly dropout rates, an action plan starting in month 13.
    private static readonly double[] Dropout =
    [
        0.412, 0.398, 0.405, 0.391, 0.402, 0.388, 0.395, 0.379, 0.386, 0.374, 0.381, 0.369,
        0.342, 0.349, 0.331, 0.338, 0.326, 0.333, 0.318, 0.327, 0.312, 0.320, 0.305, 0.309,
    ];

    [Fact]
    public void A_series_on_two_exact_lines_gives_their_level_and_slope_change()
    {
        // By hand: 40% falling 0.2 points a month for 12 months (month 12: 0.40 − 11·0.002 = 0.378, trend carried
        // on to month 13: 0.376), then from month 13 at 0.346 falling 0.5 points a month: level change 0.346 − 0.376
        // = −0.030, slope change −0.005 − (−0.002) = −0.003.
        var series = Enumerable.Range(1, 24).Select(t => t <= 12 ? 0.40 - (0.002 * (t - 1)) : 0.346 - (0.005 * (t - 13))).ToArray();

        var fit = SegmentedRegression.FitOrdinary(series, firstMonthAfter: 12);

        Assert.Equal(-0.002, fit.SlopeBefore.Estimate, 12);
        Assert.Equal(-0.030, fit.LevelChange.Estimate, 12);
        Assert.Equal(-0.003, fit.SlopeChange.Estimate, 12);
        Assert.Equal(0.402, fit.Intercept.Estimate, 12);
    }

    [Fact]
    public void The_coefficients_and_ordinary_standard_errors_match_r_lm()
    {
        // R 4.2.2: lm(y ~ t + post + after) with post = t >= 13, after = (t − 13)·post; summary(f)$coefficients.
        var fit = SegmentedRegression.FitOrdinary(Dropout, firstMonthAfter: 12);

        Assert.Equal(-0.003251748251748, fit.SlopeBefore.Estimate, 12);
        Assert.Equal(0.000497345718576, fit.SlopeBefore.StandardError, 12);
        Assert.Equal(-0.024222610722611, fit.LevelChange.Estimate, 12);
        Assert.Equal(0.004881425636507, fit.LevelChange.StandardError, 12);
        Assert.Equal(7.49731873646e-05, fit.LevelChange.PValue, 12);
        Assert.Equal(-0.000167832167832, fit.SlopeChange.Estimate, 12);
        Assert.Equal(0.000703353060399, fit.SlopeChange.StandardError, 12);
        Assert.Equal(0.813830328443, fit.SlopeChange.PValue, 9);
        // t(0.975; 20 df) = 2.08596344727.
        Assert.Equal(-0.024222610722611 - (2.08596344727 * 0.004881425636507), fit.LevelChange.Interval.Lower, 10);
        Assert.Null(fit.NeweyWestLag);
    }

    [Theory]
    [InlineData(1, 0.001539030684566, 0.000293521834248)]
    [InlineData(2, 0.002386593183285, 0.000275488774746)]
    [InlineData(3, 0.001211033464675, 0.000253490209182)]
    public void The_newey_west_standard_errors_match_r_sandwich(int lag, double levelSe, double slopeSe)
    {
        // R sandwich 3.0-2: sqrt(diag(NeweyWest(f, lag = L, prewhite = FALSE, adjust = FALSE))).
        var fit = SegmentedRegression.FitNeweyWest(Dropout, firstMonthAfter: 12, lag);

        Assert.Equal(-0.024222610722611, fit.LevelChange.Estimate, 12);
        Assert.Equal(levelSe, fit.LevelChange.StandardError, 12);
        Assert.Equal(slopeSe, fit.SlopeChange.StandardError, 12);
        Assert.Equal(lag, fit.NeweyWestLag);
    }

    [Fact]
    public void The_default_lag_for_two_years_of_months_is_two()
    {
        // ⌊4·(24/100)^(2/9)⌋ = ⌊2.91⌋ = 2 (R: floor(4*(24/100)^(2/9))).
        Assert.Equal(2, SegmentedRegression.DefaultLag(24));
        Assert.Equal(2, SegmentedRegression.FitNeweyWest(Dropout, 12).NeweyWestLag);
    }

    [Fact]
    public void Months_left_out_keep_their_place_in_time_and_match_r_lm_on_the_subset()
    {
        // R 4.2: lm(y ~ t + post + after, subset = t != 11 & t != 12) with post = t >= 13, after = (t − 13)·post: months 11
        // and 12 left out (a period excluded on purpose and the decision month), time still counting 13, 14, ...
        var months = Dropout.Select((y, i) => (Month: i + 1, Value: y)).Where(m => m.Month is not (11 or 12)).ToList();

        var fit = SegmentedRegression.FitOrdinary(months, firstMonthAfter: 13);

        Assert.Equal(22, fit.Months);
        Assert.Equal(-0.00338181818181816, fit.SlopeBefore.Estimate, 12);
        Assert.Equal(-0.0229953379953381, fit.LevelChange.Estimate, 12);
        Assert.Equal(0.006302045505962904, fit.LevelChange.StandardError, 12);
        Assert.Equal(-0.03623544429741756, fit.LevelChange.Interval.Lower, 10);
        Assert.Equal(-0.00975523169325866, fit.LevelChange.Interval.Upper, 10);
        Assert.Equal(0.00183625190075144, fit.LevelChange.PValue, 10);
        Assert.Equal(0.000839681297062030, fit.SlopeChange.StandardError, 12);
    }

    [Fact]
    public void Fewer_than_three_months_on_a_side_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SegmentedRegression.FitOrdinary(Dropout[..14], firstMonthAfter: 12));
    }
}
