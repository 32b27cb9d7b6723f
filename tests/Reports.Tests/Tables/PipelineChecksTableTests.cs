using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Tables;

/// <summary>The Data quality sheet lists the scheduled daily check's findings, never a share that could reveal a small count.</summary>
public sealed class PipelineChecksTableTests
{
    [Fact]
    public void Findings_are_listed_with_what_they_mean_and_a_missing_discharge_share_is_not_shown()
    {
        var run = new AnalysisRun(Guid.NewGuid(), ReportingPeriod.Parse("2026-05"), null, new DateOnly(2026, 6, 30), 30, "1", []);
        var stored = new StoredRun(run, "test");
        var findings = new QualityFinding[]
        {
            new(new DateOnly(2026, 5, 3), "stale_source", "north", 40.5, 36),
            new(new DateOnly(2026, 5, 4), "missing_discharge", "FAC1", 0.4, 0.05),
        };
        var data = new ReportData(null, stored, null, [stored], RiskSummary.None, [], findings, []);

        var table = new ReportTables(data, DisclosurePolicy.External()).Findings();

        Assert.Equal(["Checked on", "Check", "About", "Measured", "Limit", "What it means"], table.Columns.Select(c => c.Header));
        var rows = table.Rows.Select(r => r.Cells.Select(c => c.Display(ColumnKind.Number)).ToArray()).ToList();
        Assert.Equal(["2026-05-03", "stale source", "north"], rows[0][..3]);
        Assert.Equal(40.5, table.Rows[0].Cells[3].Number);
        Assert.Equal(["2026-05-04", "missing discharge", "FAC1"], rows[1][..3]);
        Assert.Null(table.Rows[1].Cells[3].Number);
        Assert.StartsWith("share of patients in care with no session in 30 days", table.Rows[1].Cells[5].Text, StringComparison.Ordinal);
    }
}
