using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Monthly;

/// <summary>
/// The Summary's windows and its change from the same month last year, read from planted stored runs of May 2026:
/// IOP completion 56 of 70 this May against 48 of 80 last May (Newcombe 1998's worked example), PHP 6 of 9 against 24 of 40.
/// </summary>
public sealed class SummaryTableTests
{
    private static readonly DateOnly Through = new(2026, 6, 30);

    [Fact]
    public void The_month_shows_its_n_and_interval_beside_each_windows_own_run_and_the_change_with_newcombes_interval()
    {
        var summary = Summary(DisclosurePolicy.Internal());

        var iop = Row(summary, "iop");
        Assert.Equal(70, iop[ReportTables.MonthCountHeader].Number);
        Assert.Equal(0.8, iop[ReportTables.MonthHeader].Number!.Value, 10);
        Assert.True(iop["95% CI lower"].Number < 0.8 && iop["95% CI upper"].Number > 0.8);
        Assert.Equal(0.70, iop[ReportTables.RollingHeader].Number!.Value, 10);
        Assert.Equal(0.75, iop[ReportTables.QuarterToDateHeader].Number!.Value, 10);
        Assert.Equal(0.65, iop[ReportTables.TwelveMonthsHeader].Number!.Value, 10);
        Assert.Equal(0.6, iop[ReportTables.LastYearHeader].Number!.Value, 10);
        // Newcombe 1998, Table II, method 10: 56/70 against 48/80 is 0.2 with 0.0524 to 0.3339.
        Assert.Equal(0.2, iop[ReportTables.ChangeHeader].Number!.Value, 10);
        Assert.Equal(0.0524, iop[ReportTables.ChangeLowerHeader].Number!.Value, 4);
        Assert.Equal(0.3339, iop[ReportTables.ChangeUpperHeader].Number!.Value, 4);
        Assert.False(iop[ReportTables.ChangeHeader].Small);
        Assert.Contains("Newcombe's hybrid score interval", summary.Note, StringComparison.Ordinal);
        Assert.Contains("3 months, March to May 2026 (rolling); quarter to date, 2026-Q2 to date, April to May; 12 months, June 2025 to May 2026", summary.Note, StringComparison.Ordinal);
        Assert.Contains("same month last year, May 2025", summary.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Internally_a_month_resting_on_few_patients_is_shown_marked_with_its_change_and_wide_interval()
    {
        var php = Row(Summary(DisclosurePolicy.Internal()), "php");

        Assert.Equal((9.0, true), (php[ReportTables.MonthCountHeader].Number, php[ReportTables.MonthCountHeader].Small));
        Assert.Equal((6.0 / 9, true), (php[ReportTables.MonthHeader].Number, php[ReportTables.MonthHeader].Small));
        Assert.True(php[ReportTables.ChangeHeader].Small);
        Assert.Equal((6.0 / 9) - 0.6, php[ReportTables.ChangeHeader].Number!.Value, 10);
        // Wilson 6/9 is 0.354 to 0.879, 24/40 0.446 to 0.737: 0.067 − √(0.313² + 0.137²) = −0.274 to 0.067 + √(0.212² + 0.154²) = 0.329.
        Assert.Equal(-0.274, php[ReportTables.ChangeLowerHeader].Number!.Value, 3);
        Assert.Equal(0.329, php[ReportTables.ChangeUpperHeader].Number!.Value, 3);
    }

    [Fact]
    public void For_release_a_hidden_month_hides_its_change_too()
    {
        var php = Row(Summary(DisclosurePolicy.External()), "php");

        Assert.Null(php[ReportTables.MonthHeader].Number);
        Assert.Null(php[ReportTables.ChangeHeader].Number);
        Assert.Null(php[ReportTables.ChangeLowerHeader].Number);
        Assert.Equal(0.6, php[ReportTables.LastYearHeader].Number!.Value, 10);
    }

    private static ReportTable Summary(DisclosurePolicy disclosure)
    {
        var month = Run("2026-05", (56, 70), (6, 9));
        var windows = new WindowRuns(
            month, Run("3m:2026-05", (147, 210), (18, 30)), Run("qtd:2026-05", (105, 140), (12, 20)), Run("12m:2026-05", (546, 840), (72, 120)),
            Run("2025-05", (48, 80), (24, 40)));
        var data = new ReportData(null, month, null, [month], RiskSummary.None, [], [], [], Windows: windows);
        return new ReportTables(data, disclosure).Summary();
    }

    private static StoredRun Run(string period, (long Events, long Cases) iop, (long Events, long Cases) php) => new(new AnalysisRun(
        Guid.NewGuid(), ReportingPeriod.Parse(period), null, Through, 30, "1",
        [Completion("iop", iop), Completion("php", php), Completion(Figure.All, (iop.Events + php.Events, iop.Cases + php.Cases))]), "test");

    private static Figure Completion(string level, (long Events, long Cases) share)
    {
        var interval = Analytics.Proportions.WilsonInterval.For(share.Events, share.Cases);
        return new Figure("completion", Figure.All, level, null, "", (int)share.Cases, share.Events, share.Cases, (double)share.Events / share.Cases,
            interval.Lower, interval.Upper, false, null);
    }

    private static Dictionary<string, TableCell> Row(ReportTable summary, string level)
    {
        var row = summary.Rows.Single(r => r.Cells[0].Text == ReportTables.CompletionLabel && r.Cells[1].Text == LevelNames.Label(level));
        return summary.Columns.Select((c, i) => (c.Header, row.Cells[i])).ToDictionary(x => x.Header, x => x.Item2);
    }
}
