using Outcomes.Benchmarks.Scale;
using Xunit;

namespace Outcomes.Benchmarks.Tests;

public sealed class GrowthFitTests
{
    [Fact]
    public void A_cost_that_doubles_with_the_history_has_exponent_one_no_error_and_projects_exactly()
    {
        var fit = GrowthFit.Of([(250_000, 2.5), (500_000, 5.0), (1_000_000, 10.0)]);

        Assert.Equal(1.0, fit.Exponent, 12);
        Assert.Equal(0.0, fit.ExponentError!.Value, 12);
        Assert.Equal(200.0, fit.At(20_000_000), 9);
        var (low, high) = fit.RangeAt(20_000_000)!.Value;
        Assert.Equal(200.0, low, 9);
        Assert.Equal(200.0, high, 9);
    }

    [Fact]
    public void The_exponent_its_standard_error_and_the_projection_range_match_the_hand_computed_least_squares()
    {
        // log n = 0, 1, 2 and log t = 0, 1, 3: mean log n 1, mean log t 4/3, Sxx 2, Sxy 3, so b = 1.5 and log a = -1/6;
        // residuals 1/6, -1/3, 1/6 give SSR 1/6 over one degree of freedom, so s² = 1/6 and SE(b) = sqrt(1/12).
        var fit = GrowthFit.Of([(1, 1), (Math.E, Math.E), (Math.Exp(2), Math.Exp(3))]);

        Assert.Equal(1.5, fit.Exponent, 12);
        Assert.Equal(Math.Exp(-1.0 / 6), fit.Coefficient, 12);
        Assert.Equal(Math.Sqrt(1.0 / 12), fit.ExponentError!.Value, 12);

        // At log n = 3: fitted log t = -1/6 + 4.5 = 13/3; its standard error s·sqrt(1/3 + (3 - 1)²/2) = sqrt(7/18).
        Assert.Equal(Math.Exp(13.0 / 3), fit.At(Math.Exp(3)), 9);
        var (low, high) = fit.RangeAt(Math.Exp(3))!.Value;
        Assert.Equal(Math.Exp(13.0 / 3 - Math.Sqrt(7.0 / 18)), low, 9);
        Assert.Equal(Math.Exp(13.0 / 3 + Math.Sqrt(7.0 / 18)), high, 9);
    }

    [Fact]
    public void Two_sizes_give_an_exponent_without_an_error_or_a_range()
    {
        var fit = GrowthFit.Of([(1_000, 1.0), (4_000, 8.0)]);

        Assert.Equal(1.5, fit.Exponent, 12);
        Assert.Null(fit.ExponentError);
        Assert.Null(fit.RangeAt(1_000_000));
    }

    [Theory]
    [InlineData(1_000, 1_000)]
    [InlineData(1_000, 0)]
    public void Sizes_that_cannot_be_fitted_are_refused(double secondSize, double secondTime)
    {
        Assert.Throws<ArgumentException>(() => GrowthFit.Of([(1_000, 1.0), (secondSize, secondTime)]));
    }
}
