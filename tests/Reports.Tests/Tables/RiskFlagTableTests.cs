using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Tables;

/// <summary>
/// The Risk flags table: episodes flagged by outcome and by review status share their row totals. Whatever either
/// breakdown hides, no row or column of either (totals included) is left with a single hidden count, and no count
/// from 1 to 10 is shown.
/// </summary>
public sealed class RiskFlagTableTests
{
    private static readonly DisclosurePolicy Policy = DisclosurePolicy.External();

    private static ReportTable Table(params FlagOutcomeCount[] counts)
    {
        var run = new AnalysisRun(Guid.NewGuid(), ReportingPeriod.Parse("2026-05"), null, new DateOnly(2026, 6, 30), 30, "1", []);
        var stored = new StoredRun(run, "test");
        var data = new ReportData(null, stored, null, [stored], RiskSummary.None with { FlagOutcomes = counts }, [], [], []);
        return new ReportTables(data, Policy).RiskFlags();
    }

    [Fact]
    public void Flags_are_counted_by_review_status_beside_their_outcomes()
    {
        var table = Table(
            new("iop", "still in care", "open", 30), new("iop", "completed", "acknowledged", 20), new("iop", "still in care", "dismissed", 15),
            new("php", "unplanned discharge", "outreach_done", 12), new("php", "still in care", "open", 14));

        Assert.Equal(
            ["Level of care", "Episodes flagged", "Still in care", "Completed", "Unplanned discharge", "Transferred", "Other discharge",
             "Review: open", "Review: acknowledged", "Review: outreach done", "Review: dismissed"],
            table.Columns.Select(c => c.Header));
        var iop = table.Rows.Single(r => r.Cells[0].Text == LevelNames.Label("iop")).Cells.Select(c => c.Display(ColumnKind.Count));
        Assert.Equal(["65", "45", "20", "0", "0", "0", "30", "20", "0", "15"], iop.Skip(1));
        var all = table.Rows.Single(r => r.Cells[0].Text == LevelNames.Label(Figure.All)).Cells.Select(c => c.Display(ColumnKind.Count));
        Assert.Equal(["91", "59", "20", "12", "0", "0", "44", "20", "12", "15"], all.Skip(1));
    }

    [Theory]
    [InlineData(5, 40)]
    [InlineData(8, 3)]
    [InlineData(12, 9)]
    public void No_line_of_either_breakdown_is_left_with_one_hidden_count_and_no_small_count_is_shown(int acknowledged, int outpatient)
    {
        var table = Table(
            new("iop", "still in care", "open", 40), new("iop", "completed", "acknowledged", acknowledged), new("iop", "transferred", "dismissed", 20),
            new("php", "still in care", "open", 25), new("php", "unplanned discharge", "acknowledged", 15),
            new("op", "completed", "open", outpatient));

        Assert.All(table.Rows.SelectMany(r => r.Cells.Skip(1)), c => Assert.False(c.Number is >= 1 and < 11, $"small count {c.Number} shown"));
        foreach (var block in new[] { Enumerable.Range(1, 6).ToArray(), new[] { 1, 7, 8, 9, 10 } })
        {
            foreach (var row in table.Rows)
            {
                Assert.NotEqual(1, block.Count(c => row.Cells[c].IsSuppressed));
            }

            foreach (var c in block)
            {
                Assert.NotEqual(1, table.Rows.Count(r => r.Cells[c].IsSuppressed));
            }
        }
    }
}
