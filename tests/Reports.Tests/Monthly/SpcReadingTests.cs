using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Monthly;

/// <summary>
/// The Summary sheet's SPC reading of a figure's twelve stored months, in place of "this month's interval against the
/// year". Planted years of IOP dropout, 100 discharges a month, 2025-06 to 2026-05.
/// </summary>
public sealed class SpcReadingTests
{
    private static readonly string[] Labels = [.. Enumerable.Range(0, 12).Select(i => ReportingPeriod.MonthOf(new DateOnly(2025, 6, 1).AddMonths(i)).Label)];

    [Fact]
    public void A_year_without_a_trend_reads_common_cause_variation_only()
    {
        // 420 of 1,200: centre 0.35, limits 0.35 ± 3·√(0.35·0.65/100) = 0.207 to 0.493, every month inside; at most two
        // months in a row on one side (two months sit on the line) and no three in a row rising or falling.
        long[] dropouts = [36, 33, 38, 35, 31, 37, 34, 36, 32, 39, 35, 34];

        Assert.Equal(SpcReading.CommonCauseOnly, SummaryReading(dropouts));
    }

    [Fact]
    public void A_year_that_shifts_down_reads_eight_months_below_the_centre_line()
    {
        // 405 of 1,200: centre 0.3375; four months at 0.36–0.39, then eight at 0.30–0.33, all inside 0.196 to 0.479.
        long[] dropouts = [38, 36, 39, 37, 31, 33, 32, 30, 33, 31, 32, 33];

        Assert.Equal("special cause: 8 months in a row below the centre line (2025-10 to 2026-05)", SummaryReading(dropouts));
    }

    [Fact]
    public void A_month_above_its_limit_a_rise_and_a_run_below_are_each_named_with_their_months()
    {
        // 434 of 1,200: centre 0.3617, limits 0.3617 ± 3·√(0.3617·0.6383/100) = 0.2175 to 0.5058 (σ_z 0.72 by Laney's
        // formula: the binomial limits stand). 2025-06 to 2026-01 are below the centre line (0.30–0.36), 2025-10 to
        // 2026-03 rise six in a row (0.30, 0.31, 0.33, 0.35, 0.37, 0.40) and 2026-05 at 0.55 is above its limit.
        long[] dropouts = [34, 36, 35, 33, 30, 31, 33, 35, 37, 40, 35, 55];

        Assert.Equal(
            "special cause: 8 months in a row below the centre line (2025-06 to 2026-01); 6 months in a row rising (2025-10 to 2026-03); 2026-05 above the upper control limit",
            SpcReading.Read(Months(dropouts)));
    }

    [Fact]
    public void A_month_below_its_limit_is_named_with_the_run_above_it_makes()
    {
        // 403 of 1,200: centre 0.3358, lower limit 0.3358 − 3·√(0.3358·0.6642/100) = 0.1941 (σ_z 0.46 by Laney's formula):
        // 2026-05 at 0.19 is below it, and the eleven months before it, 0.34 to 0.36, are all above the centre line.
        long[] dropouts = [35, 34, 36, 35, 34, 36, 35, 34, 36, 35, 34, 19];

        Assert.Equal(
            "special cause: 11 months in a row above the centre line (2025-06 to 2026-04); 2026-05 below the lower control limit",
            SpcReading.Read(Months(dropouts)));
    }

    [Fact]
    public void Fewer_than_eight_months_with_patients_are_too_few_to_chart()
    {
        var months = Labels.Select((l, i) => (l, i < 5 ? 0L : 30L, i < 5 ? 0L : 100L)).ToList();

        Assert.Equal("too few months for a control chart (7 with patients; needs 8)", SpcReading.Read(months));
    }

    [Fact]
    public void Months_of_many_patients_that_vary_more_than_chance_are_read_on_laneys_limits()
    {
        // 1,000 a month alternating 0.33 and 0.37: the binomial limits 0.35 ± 0.045 would hold, but with 10,000 a month
        // (0.35 ± 0.0143) every month would be outside them. Laney's σ_z = (0.04/σ_p)/1.128 scales the limits back to
        // 0.35 ± 3·0.04/1.128 = 0.35 ± 0.106 whatever n is: common-cause variation only.
        var months = Labels.Select((l, i) => (l, i % 2 == 0 ? 3300L : 3700L, 10_000L)).ToList();

        Assert.Equal(SpcReading.CommonCauseOnly, SpcReading.Read(months));
    }

    private static List<(string, long, long)> Months(long[] dropouts) => [.. dropouts.Select((d, i) => (Labels[i], d, 100L))];

    /// <summary>The reading the Summary sheet shows for IOP dropout when these are the twelve stored monthly figures.</summary>
    private static string? SummaryReading(long[] dropouts)
    {
        var runs = dropouts.Select((d, i) => new StoredRun(new AnalysisRun(
            Guid.NewGuid(), ReportingPeriod.Parse(Labels[i]), null, new DateOnly(2026, 6, 30), 30, "1",
            [new Figure("dropout", Figure.All, "iop", null, "", 100, d, 100, d / 100.0, null, null, false, null)]), "test")).ToList();
        var policy = new SmallCellPolicy();
        var data = new ReportData(null, runs[^1], runs[^2], runs, RiskSummary.None, [], [], []);

        var summary = new ReportTables(data, DisclosurePolicy.Internal(policy)).Summary();

        var column = summary.Columns.ToList().FindIndex(c => c.Header == ReportTables.SpcHeader);
        var dropout = summary.Rows.Single(r => r.Cells[0].Text == ReportTables.DropoutLabel && r.Cells[1].Text == LevelNames.Label("iop"));
        return dropout.Cells[column].Text;
    }
}
