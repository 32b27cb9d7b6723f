using Outcomes.Analytics.Retention;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Xunit;

namespace Outcomes.Analytics.Tests.Retention;

public sealed class CompetingRetentionTests
{
    /// <summary>
    /// 80 PHP stays of one facility: 10 unplanned discharges on day 5, 30 completions on day 20, 20 step-downs on day 21,
    /// 20 still in care on day 40 (censored). By hand: unplanned incidence by day 14 = 10/80 = 0.125 (nothing censored
    /// before); completion by day 30 = (70/80) × 30/70 = 0.375; step-down by day 30 = 0.25. Days in care
    /// 10 × 5 + 30 × 20 + 20 × 21 + 20 × 40 = 1,870, so 10 unplanned discharges are 5.348 per 1,000 days. Day 60 lies
    /// beyond the last day followed (40): not estimable, with its 0 at risk stored.
    /// </summary>
    private static readonly List<CompetingRetention.Row> Php =
    [
        new("F1", "php", 5, CompetingRetention.Unplanned, 10), new("F1", "php", 20, CompetingRetention.Completed, 30),
        new("F1", "php", 21, CompetingRetention.SteppedDown, 20), new("F1", "php", 40, 0, 20),
    ];

    [Fact]
    public void Each_end_has_its_own_cumulative_incidence_and_the_rate_per_1000_days_matches_a_hand_computation()
    {
        var figures = CompetingRetention.Figures(Php, new SmallCellPolicy()).Where(f => f.FacilityId == "F1").ToList();

        Assert.Equal(0.125, Find(figures, "unplanned_discharge_incidence", "day 14").Estimate!.Value, 10);
        Assert.Equal(0.375, Find(figures, "completion_incidence", "day 30").Estimate!.Value, 10);
        Assert.Equal(0.25, Find(figures, "step_down_incidence", "day 30").Estimate!.Value, 10);
        var rate = Find(figures, "unplanned_per_1000_days", "");
        Assert.Equal(10 * 1000.0 / 1870, rate.Estimate!.Value, 10);
        Assert.Equal(1870, rate.Denominator);
        Assert.True(rate.LowerBound < rate.Estimate && rate.Estimate < rate.UpperBound);
    }

    [Fact]
    public void No_share_is_stored_past_the_last_day_followed_but_the_number_at_risk_is()
    {
        var figures = CompetingRetention.Figures(Php, new SmallCellPolicy());

        var day60 = Find([.. figures.Where(f => f.FacilityId == "F1")], "unplanned_discharge_incidence", "day 60");
        Assert.Null(day60.Estimate);
        Assert.Equal(0, day60.Denominator);
        Assert.StartsWith("not estimable", day60.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void IOP_and_PHP_are_compared_by_grays_test_and_by_the_ratio_of_their_rates()
    {
        List<CompetingRetention.Row> rows =
        [
            .. Php, new("F1", "iop", 10, CompetingRetention.Unplanned, 30), new("F1", "iop", 60, CompetingRetention.Completed, 50),
            new("F1", "iop", 80, 0, 20),
        ];

        var figures = CompetingRetention.Figures(rows, new SmallCellPolicy()).Where(f => f.FacilityId == Figure.All).ToList();

        Assert.True(Find(figures, "gray_test_unplanned", "chi-square").Estimate > 0);
        var ratio = Find(figures, "unplanned_rate_ratio", "");
        // IOP: 30 per (300 + 3,000 + 1,600) = 4,900 days; PHP 10 per 1,870.
        Assert.Equal((30 / 4900.0) / (10 / 1870.0), ratio.Estimate!.Value, 10);
    }

    private static Figure Find(IReadOnlyList<Figure> figures, string metric, string grouping) =>
        figures.Single(f => f.Metric == metric && f.Grouping == grouping && f.LevelOfCare != Figure.All
                            && (f.LevelOfCare == "php" || f.LevelOfCare == Figure.IopMinusPhp || !figures.Any(g => g.LevelOfCare == "php" && g.Metric == metric)));
}
