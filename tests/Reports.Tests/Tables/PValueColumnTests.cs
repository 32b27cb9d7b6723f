using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Tables;

/// <summary>
/// The p-value of each IOP minus PHP difference stands in its own column, in the form journals print (NEJM's statistical
/// reporting guidelines: two decimals from 0.01, three below, "p &lt; 0.001" below that), and the table's note names the
/// tests once. Completion: IOP 60 of 100, PHP 30 of 60, stored difference +10 points with p 0.0312.
/// </summary>
public sealed class PValueColumnTests
{
    private static Figure Rate(string level, int events, int total) =>
        new("completion", Figure.All, level, null, "", total, events, total, (double)events / total, 0.1, 0.9, false, null);

    private static ReportTable Table(double? p, DisclosurePolicy disclosure) =>
        new FigureTableBuilder(new AnalysisRun(Guid.NewGuid(), ReportingPeriod.Parse("2026-05"), null, new DateOnly(2026, 6, 30), 30, "2",
        [
            Rate("iop", 60, 100), Rate("php", 30, 60), Rate(Figure.All, 90, 160),
            new("completion", Figure.All, Figure.IopMinusPhp, null, "", 160, null, null, 0.1, -0.05, 0.25, false,
                "IOP minus PHP, crude; Newcombe hybrid score interval, score test", p),
        ]), disclosure).Rates("completion", "Completion").Build("outcomes", "Outcomes");

    [Theory]
    [InlineData(0.0312, "p = 0.03")]
    [InlineData(0.0496, "p = 0.05")]
    [InlineData(0.01, "p = 0.01")]
    [InlineData(0.0042, "p = 0.004")]
    [InlineData(0.001, "p = 0.001")]
    [InlineData(0.00099, "p < 0.001")]
    [InlineData(1e-12, "p < 0.001")]
    [InlineData(0.5, "p = 0.50")]
    [InlineData(0.994, "p = 0.99")]
    [InlineData(0.996, "p > 0.99")]
    [InlineData(1.0, "p > 0.99")]
    public void A_p_value_is_written_the_conventional_way(double p, string text)
    {
        Assert.Equal(text, PValueText.Format(p));
    }

    [Fact]
    public void No_p_value_is_no_text()
    {
        Assert.Null(PValueText.Format(null));
        Assert.Null(PValueText.Format(double.NaN));
    }

    [Fact]
    public void The_difference_row_carries_its_p_value_and_the_rates_rows_none()
    {
        var table = Table(0.0312, DisclosurePolicy.External());
        var p = table.Columns.ToList().FindIndex(c => c.Header == FigureTableBuilder.PValueHeader);

        Assert.Equal(FigureTableBuilder.PValueColumn, p);
        Assert.Equal("p = 0.03", table.Rows.Single(r => r.Cells[2].Text == "IOP minus PHP (crude)").Cells[p].Text);
        Assert.All(table.Rows.Where(r => r.Cells[2].Text != "IOP minus PHP (crude)"), r => Assert.Null(r.Cells[p].Text));
        Assert.All(table.Rows, r => Assert.Equal(table.Columns.Count, r.Cells.Count));
    }

    [Fact]
    public void The_table_note_names_the_tests_once_when_a_p_value_is_shown()
    {
        Assert.Equal(PValueText.Note, Table(0.0312, DisclosurePolicy.External()).Note);
        Assert.Contains("score test", PValueText.Note, StringComparison.Ordinal);
        Assert.Contains("Wald t test", PValueText.Note, StringComparison.Ordinal);
        Assert.Null(Table(null, DisclosurePolicy.External()).Note);
    }
}
