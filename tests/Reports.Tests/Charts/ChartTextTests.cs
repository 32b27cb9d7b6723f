using System.Xml.Linq;
using Outcomes.Reports.Charts;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Xunit;

namespace Outcomes.Reports.Tests.Charts;

/// <summary>The charts as a reader sees them, read from their SVG text: caption, source, font and palette.</summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class ChartTextTests(ReportDatabase fixture) : IAsyncLifetime
{
    private MonthlyReport.Result _report = null!;

    public async Task InitializeAsync() =>
        _report = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, null, fixture.NewFolder("charts"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Every_chart_carries_its_title_period_population_n_and_source_in_dejavu_sans()
    {
        Assert.Equal(14, _report.Charts.Count);
        foreach (var chart in _report.Charts)
        {
            var svg = XDocument.Load(chart.SvgPath);
            var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").ToList();
            var words = string.Join("\n", texts.Select(t => t.Value));
            var caption = chart.Definition.Caption;
            Assert.Contains(caption.Title, words, StringComparison.Ordinal);
            Assert.Contains(caption.Subtitle, words, StringComparison.Ordinal);
            Assert.Contains("n = ", words, StringComparison.Ordinal);
            Assert.Contains("Source: " + caption.Source, words, StringComparison.Ordinal);
            Assert.All(texts, t => Assert.Equal(ChartRenderer.FontName, t.Attribute("font-family")?.Value));
        }
    }

    [Fact]
    public void Iop_and_php_are_drawn_in_the_okabe_ito_blue_and_vermillion()
    {
        var svg = File.ReadAllText(_report.Charts.Single(c => c.Definition.Id == "discharge_outcomes").SvgPath);
        Assert.Contains("#0072B2", svg, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Png_charts_are_drawn_at_print_resolution()
    {
        foreach (var chart in _report.Charts)
        {
            using var stream = File.OpenRead(chart.PngPath);
            var header = new byte[24];
            stream.ReadExactly(header);
            var width = (header[16] << 24) | (header[17] << 16) | (header[18] << 8) | header[19];
            Assert.True(width >= 2000, $"{chart.Definition.Id}: {width} px wide");
        }
    }

    [Fact]
    public async Task The_love_plot_draws_every_characteristic_of_the_course_comparison_in_words_before_and_after_weighting_with_the_0_1_mark()
    {
        // Courses begun in 2025, every one followed 180 days by the end of the data.
        var pack = await StoredFirst.AuditPackAsync(fixture.Database.DataSource, fixture.Policy, Analytics.Periods.ReportingPeriod.Parse("12m:2025-12"), null, fixture.NewFolder("love-plot"));
        var chart = pack.Charts.Single(c => c.Definition.Id == "course_balance");
        var rows = chart.Definition.Table.Rows;
        var texts = XDocument.Load(chart.SvgPath).Descendants().Where(e => e.Name.LocalName == "text").Select(t => t.Value.Trim()).ToList();
        var svg = File.ReadAllText(chart.SvgPath);
        var copy = Environment.GetEnvironmentVariable("OUTCOMES_LOVE_PLOT_COPY");
        if (copy is not null)
        {
            File.Copy(chart.PngPath, copy, overwrite: true);
        }

        // Age, sex, co-occurring disorder, two substances, referral, Medicaid, medication, intake screen, and the facility.
        Assert.True(rows.Count >= 10, $"{rows.Count} characteristics");
        Assert.All(rows, r =>
        {
            var label = r.Cells[0].Text!;
            Assert.True(char.IsUpper(label[0]) && !label.Contains('_', StringComparison.Ordinal), label);
            Assert.Contains(label, texts);
            Assert.NotNull(r.Cells[1].Number);
            Assert.NotNull(r.Cells[2].Number);
        });
        Assert.Contains("Age at admission", texts);
        Assert.Contains(rows, r => r.Cells[0].Text == "Facility FAC02");
        // Most unbalanced before weighting first.
        Assert.Equal(rows.Select(r => Math.Abs(r.Cells[1].Number!.Value)).OrderDescending(), rows.Select(r => Math.Abs(r.Cells[1].Number!.Value)));
        Assert.Contains("0.1: the usual mark of balance", texts);
        Assert.Contains("Before weighting", texts);
        Assert.Contains("After weighting", texts);
        Assert.Contains("#D55E00", svg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("#0072B2", svg, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task In_charts_for_release_a_suppressed_figure_is_not_drawn_and_says_so()
    {
        var released = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, null, fixture.NewFolder("charts-released"),
            audience: Audience.External);
        var chart = released.Charts.Single(c => c.Definition.Id == "discharge_outcomes");
        Assert.Contains(chart.Definition.Table.Rows, r => r.Cells[5].Text == "suppressed");
        var svg = XDocument.Load(chart.SvgPath);
        Assert.Contains(svg.Descendants().Where(e => e.Name.LocalName == "text"), t => t.Value.Trim() == "suppressed");
        Assert.Contains(svg.Descendants().Where(e => e.Name.LocalName == "text"), t => t.Value.Contains(DisclosurePolicy.External().Label, StringComparison.Ordinal));
    }

    [Fact]
    public void Internal_charts_draw_every_figure_and_say_they_are_not_for_release()
    {
        var chart = _report.Charts.Single(c => c.Definition.Id == "discharge_outcomes");
        Assert.DoesNotContain(chart.Definition.Table.Rows, r => r.Cells[5].Text == "suppressed");
        var svg = XDocument.Load(chart.SvgPath);
        Assert.DoesNotContain(svg.Descendants().Where(e => e.Name.LocalName == "text"), t => t.Value.Trim() == "suppressed");
        Assert.Contains(svg.Descendants().Where(e => e.Name.LocalName == "text"), t => t.Value.Contains(DisclosurePolicy.Internal().Label, StringComparison.Ordinal));
    }
}
