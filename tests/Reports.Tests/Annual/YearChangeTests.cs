using Outcomes.Analytics.Runs;
using Outcomes.Reports.Annual;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Annual;

/// <summary>The change of a target figure from the prior year, checked against Newcombe's interval worked out by hand.</summary>
public sealed class YearChangeTests
{
    [Fact]
    public void A_share_of_counted_patients_changes_with_newcombes_interval_worked_by_hand()
    {
        // 2026: 45 of 90 completed; 2025: 30 of 90. Wilson 95% (z = 1.959964) by hand:
        //   p = 0.5:    centre (0.5 + z²/180) / (1 + z²/90), half-width z·sqrt(0.25/90 + z²/32400) / (1 + z²/90)
        //   p = 1/3:    centre (1/3 + z²/180) / (1 + z²/90), half-width z·sqrt((2/9)/90 + z²/32400) / (1 + z²/90)
        // Newcombe (method 10): d − sqrt((p1 − l1)² + (u2 − p2)²) to d + sqrt((u1 − p1)² + (p2 − l2)²).
        const double z = 1.959963984540054;
        static (double Lower, double Upper) Wilson(double p, double n)
        {
            var denominator = 1 + (z * z / n);
            var centre = (p + (z * z / (2 * n))) / denominator;
            var half = z * Math.Sqrt((p * (1 - p) / n) + (z * z / (4 * n * n))) / denominator;
            return (centre - half, centre + half);
        }

        var (l1, u1) = Wilson(0.5, 90);
        var (l2, u2) = Wilson(1.0 / 3, 90);
        var d = 0.5 - (1.0 / 3);
        var lower = d - Math.Sqrt(Math.Pow(0.5 - l1, 2) + Math.Pow(u2 - (1.0 / 3), 2));
        var upper = d + Math.Sqrt(Math.Pow(u1 - 0.5, 2) + Math.Pow((1.0 / 3) - l2, 2));

        var change = YearChange.Between("completion", Row(0.5), Figure(45, 90, (l1, u1)), Row(1.0 / 3), Figure(30, 90, (l2, u2)))!;

        Assert.Equal(d, change.Difference, 12);
        Assert.Equal(lower, change.Interval!.Value.Lower, 9);
        Assert.Equal(upper, change.Interval!.Value.Upper, 9);
        Assert.Equal("+16.7 pts", change.Cell.Display(ColumnKind.PercentDifference));
        Assert.Equal(FormattableString.Invariant($"{lower * 100:+0.0;−0.0} to {upper * 100:+0.0;−0.0} pts"), change.IntervalText);
    }

    [Fact]
    public void A_kaplan_meier_share_carries_its_own_intervals_and_a_hidden_estimate_or_a_missing_interval_gives_less()
    {
        // Retention at day 90: 62% (55% to 68%) against 55% (47% to 62%), the stored Kaplan–Meier intervals. By hand:
        // 0.07 − sqrt(0.07² + 0.07²) = −0.02899 and 0.07 + sqrt(0.06² + 0.08²) = 0.17.
        var change = YearChange.Between("retention", Row(0.62), Figure(40, 90, (0.55, 0.68), 0.62), Row(0.55), Figure(35, 80, (0.47, 0.62), 0.55))!;
        Assert.Equal(0.07, change.Difference, 12);
        Assert.Equal(0.07 - Math.Sqrt(0.0098), change.Interval!.Value.Lower, 12);
        Assert.Equal(0.17, change.Interval!.Value.Upper, 12);

        var bare = YearChange.Between("length_of_stay_days", Row(41), Figure(41, 100, null, 41), Row(38), Figure(38, 100, null, 38))!;
        Assert.Equal((3.0, null, "no interval stored"), (bare.Difference, bare.Interval, bare.IntervalText));
        Assert.Null(YearChange.Between("completion", Row(null), Figure(4, 9, null), Row(0.5), Figure(45, 90, null)));
    }

    private static TableRow Row(double? estimate) =>
        new([TableCell.Empty, TableCell.Empty, TableCell.Empty, TableCell.Empty, TableCell.Empty, estimate is null ? TableCell.Of("suppressed") : TableCell.Of(estimate)]);

    private static Figure Figure(double numerator, double denominator, (double Lower, double Upper)? interval, double? estimate = null) =>
        new("completion", Analytics.Runs.Figure.All, "iop", null, "", (int)denominator, numerator, denominator, estimate ?? (numerator / denominator),
            interval?.Lower, interval?.Upper, false, null);
}
