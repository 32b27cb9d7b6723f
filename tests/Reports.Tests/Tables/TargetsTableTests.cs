using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Tables;

/// <summary>The Summary sheet's targets: met and missed first by verdict, the month's share beside the target, no count.</summary>
public sealed class TargetsTableTests
{
    [Fact]
    public void Targets_show_the_verdict_and_whether_chance_could_explain_it_and_nothing_of_a_suppressed_figure()
    {
        // 40 of 100 completed (Wilson 0.3094–0.4980) against at least 50%: not met, clearly; a suppressed PHP figure.
        var completion = new Figure("completion", Figure.All, "iop", null, "", 100, 40, 100, 0.40, 0.3094, 0.4980, false, null);
        var suppressed = new Figure("completion", Figure.All, "php", null, "", 8, 3, 8, 0.375, 0.137, 0.694, true, null);
        var target = new OutcomeTarget { Metric = "completion", AtLeast = true, Target = 0.5, EffectiveFrom = new DateOnly(2026, 1, 1), SetBy = "test" };
        var policy = new SmallCellPolicy();
        var run = new AnalysisRun(Guid.NewGuid(), ReportingPeriod.Parse("2026-05"), null, new DateOnly(2026, 6, 30), 30, "1", [completion, suppressed]);
        var stored = new StoredRun(run, "test");
        var data = new ReportData(null, stored, null, [stored], RiskSummary.None, [], [], TargetEvaluation.Judge(run, [target], policy));

        var rows = new ReportTables(data, DisclosurePolicy.External(policy)).Targets().Rows;

        Assert.Equal(2, rows.Count);
        Assert.Equal(["Completion", "", LevelNames.Label("iop"), "at least 50.0 %", "not met", "the whole interval is on this side"],
            rows[0].Cells.Where((_, i) => i != 3).Select(c => c.Text ?? ""));
        Assert.Equal(0.40, rows[0].Cells[3].Number);
        Assert.Equal(("not assessable", "suppressed: a count from 1 to 10 would show"), (rows[1].Cells[5].Text, rows[1].Cells[6].Text));
        Assert.Null(rows[1].Cells[3].Number);
    }
}
