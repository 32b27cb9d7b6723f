using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Tables;

/// <summary>
/// Two blocks sharing a count: the PHP discharges are the denominator of completion and of step-down to IOP.
/// Completion (IOP 42 of 80, PHP 5 of 20, outpatient 3 of 8, all 50 of 108) hides the outpatient 8 and the PHP
/// 5 as small cells, then the PHP 20 as the complementary cell of the totals column (the smallest other total);
/// otherwise 108 − 80 − 20 would give away the outpatient 8. Step-down alone (PHP 4 of 20) would show the 20.
/// </summary>
public sealed class LinkedSuppressionTests
{
    private static readonly DisclosurePolicy Policy = DisclosurePolicy.External();

    private static Figure Rate(string metric, string level, int events, int total) =>
        new(metric, Figure.All, level, null, "", total, events, total, (double)events / total, 0, 1, false, null);

    private static readonly AnalysisRun Run = new(Guid.NewGuid(), ReportingPeriod.Parse("2026-05"), null, new DateOnly(2026, 6, 30), 30, "1",
    [
        Rate("completion", "iop", 42, 80), Rate("completion", "php", 5, 20), Rate("completion", "op", 3, 8), Rate("completion", Figure.All, 50, 108),
        Rate("step_down_to_iop", "php", 4, 20), Rate("step_down_to_iop", Figure.All, 4, 20),
    ]);

    private static ReportTable Build(LinkedCounts linked) =>
        new FigureTableBuilder(Run, Policy, linked).Rates("completion", "Completion").Rates("step_down_to_iop", "Step-down").Build("t", "t");

    private static string Denominator(ReportTable table, string figure, string level) =>
        table.Rows.Single(r => r.Cells[0].Text == figure && r.Cells[2].Text == LevelNames.Label(level)).Cells[3].Display(ColumnKind.Count);

    [Fact]
    public void A_block_on_its_own_would_show_a_count_another_block_hides()
    {
        var alone = new FigureTableBuilder(Run, Policy).Rates("step_down_to_iop", "Step-down").Build("t", "t");
        Assert.Equal("20", Denominator(alone, "Step-down", "php"));
    }

    [Fact]
    public void A_count_hidden_in_one_block_is_hidden_in_every_block_of_the_run_for_the_same_level()
    {
        var linked = new LinkedCounts();
        var table = Build(linked);
        for (var pass = 0; linked.Changed && pass < 5; pass++)
        {
            linked.Changed = false;
            table = Build(linked);
        }

        Assert.False(linked.Changed);
        Assert.Equal("*", Denominator(table, "Completion", "php"));
        Assert.Equal("<11", Denominator(table, "Completion", "op"));
        Assert.Equal("80", Denominator(table, "Completion", "iop"));
        Assert.Equal("108", Denominator(table, "Completion", Figure.All));
        Assert.Equal("*", Denominator(table, "Step-down", "php"));
        Assert.Equal("*", Denominator(table, "Step-down", Figure.All));
    }
}
