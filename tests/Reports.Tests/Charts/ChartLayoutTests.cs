using Outcomes.Reports.Charts;
using Outcomes.Reports.Monthly;
using ScottPlot;
using Xunit;

namespace Outcomes.Reports.Tests.Charts;

/// <summary>
/// Every chart rendered as the report renders it, and the boxes of its texts (title, axis captions, tick labels, notes
/// on the bars, legend) read back from ScottPlot's layout: no two may share any area, at screen size and at print scale.
/// </summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class ChartLayoutTests(ReportDatabase fixture) : IAsyncLifetime
{
    private MonthlyReport.Result _report = null!;

    public async Task InitializeAsync() =>
        _report = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, null, fixture.NewFolder("layout"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void No_two_texts_of_any_chart_overlap_on_screen_or_in_print()
    {
        var found = new List<string>();
        foreach (var chart in _report.Charts)
        {
            foreach (var scale in new[] { 1.0, ChartRenderer.PrintScale })
            {
                var plot = ChartRenderer.Build(chart.Definition);
                plot.ScaleFactor = scale;
                var boxes = TextBoxes.Of(plot, (int)(ChartRenderer.Width * scale), (int)(ChartRenderer.Height * scale));
                Assert.Contains(boxes, b => b.What == "title");
                Assert.Contains(boxes, b => b.What.EndsWith("tick label", StringComparison.Ordinal));
                found.AddRange(TextBoxes.Overlaps(boxes).Select(o => $"{chart.Definition.Id} at scale {scale}: {o.A} overlaps {o.B}"));
                found.AddRange(TextBoxes.Outside(boxes, ChartRenderer.Width, ChartRenderer.Height).Select(b => $"{chart.Definition.Id} at scale {scale}: {b} runs off the figure"));
            }
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void No_two_texts_of_any_dashboard_panel_overlap_on_screen_or_in_print()
    {
        Assert.NotEmpty(_report.DashboardPanels);
        var found = new List<string>();
        foreach (var panel in _report.DashboardPanels)
        {
            foreach (var scale in new[] { 1.0, ChartRenderer.PrintScale })
            {
                var plot = ChartRenderer.BuildPanel(panel.Definition);
                plot.ScaleFactor = scale;
                var boxes = TextBoxes.Of(plot, (int)(ChartRenderer.PanelWidth * scale), (int)(ChartRenderer.PanelHeight * scale));
                Assert.Contains(boxes, b => b.What == "title");
                Assert.Contains(boxes, b => b.What == "Bottom tick label");
                found.AddRange(TextBoxes.Overlaps(boxes).Select(o => $"{panel.Definition.Id} at scale {scale}: {o.A} overlaps {o.B}"));
                found.AddRange(TextBoxes.Outside(boxes, ChartRenderer.PanelWidth, ChartRenderer.PanelHeight).Select(b => $"{panel.Definition.Id} at scale {scale}: {b} runs off the figure"));
            }
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void Month_labels_turned_half_over_onto_the_axis_caption_are_caught()
    {
        // The trends chart as it was drawn before: month labels turned 45 degrees, which ScottPlot does not make room
        // for, above a two-line caption.
        Fonts.Default = ChartRenderer.FontName;
        var plot = new Plot();
        plot.Add.Scatter(new double[] { 0, 1, 2, 3, 4, 5 }, new[] { 0.41, 0.44, 0.50, 0.36, 0.33, 0.49 });
        plot.Axes.Bottom.SetTicks([0, 1, 2, 3, 4, 5], ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.XLabel("Month of discharge (a month with a suppressed figure has no point)\n\nSource: an analysis run");
        plot.Title("Twelve-month trends");

        var overlaps = TextBoxes.Overlaps(TextBoxes.Of(plot, ChartRenderer.Width, ChartRenderer.Height));

        Assert.Contains(overlaps, o => o.A.What == "Bottom tick label" && o.B.What == "Bottom axis caption" || o.B.What == "Bottom tick label" && o.A.What == "Bottom axis caption");
    }

    [Fact]
    public void A_subtitle_wider_than_the_figure_is_caught()
    {
        Fonts.Default = ChartRenderer.FontName;
        var plot = new Plot();
        plot.Title("A title\n" + string.Concat(Enumerable.Repeat("a subtitle far too long to fit ", 8)), size: 16);

        var outside = TextBoxes.Outside(TextBoxes.Of(plot, ChartRenderer.Width, ChartRenderer.Height), ChartRenderer.Width, ChartRenderer.Height);

        Assert.Contains(outside, b => b.What == "title");
    }

    [Fact]
    public void A_note_planted_on_another_note_is_caught()
    {
        Fonts.Default = ChartRenderer.FontName;
        var plot = new Plot();
        plot.Add.Text("suppressed", 1, 0.5);
        plot.Add.Text("no patients", 1.02, 0.5);
        plot.Axes.SetLimits(0, 2, 0, 1);

        var overlaps = TextBoxes.Overlaps(TextBoxes.Of(plot, ChartRenderer.Width, ChartRenderer.Height));

        Assert.Contains(overlaps, o => o.A.What == "text" && o.B.What == "text");
    }

    [Fact]
    public void The_trends_title_names_only_the_levels_it_draws()
    {
        var trends = _report.Charts.Single(c => c.Definition.Id == "trends").Definition;
        var plot = ChartRenderer.Build(trends);
        var drawn = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText).ToList();
        foreach (var level in new[] { "IOP", "PHP" })
        {
            var isDrawn = drawn.Any(d => d.Contains(level, StringComparison.Ordinal));
            var titled = trends.Caption.Title.Contains("IOP vs PHP", StringComparison.Ordinal) || trends.Caption.Title.Contains($"{level} only", StringComparison.Ordinal);
            Assert.True(isDrawn == titled || (!isDrawn && trends.Caption.Title.Contains($"{level} suppressed", StringComparison.Ordinal)), $"{trends.Caption.Title}: {string.Join(", ", drawn)}");
        }
    }

    [Fact]
    public void Follow_up_days_stand_in_numeric_order_apart_from_the_positive_screens()
    {
        Assert.Equal(["day 30", "day 90", "day 180"], ReportCharts.InDayOrder(["day 180", "day 30", "day 90", "day 30"]));
        var abstinence = ChartRenderer.Build(_report.Charts.Single(c => c.Definition.Id == "abstinence").Definition);
        abstinence.GetImage(ChartRenderer.Width, ChartRenderer.Height);
        var days = abstinence.Axes.Bottom.TickGenerator.Ticks.OrderBy(t => t.Position).Select(t => int.Parse(t.Label.Replace("Day ", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(days);
        Assert.Equal(days.Order(), days);

        var relapse = ChartRenderer.Build(_report.Charts.Single(c => c.Definition.Id == "relapse").Definition);
        relapse.GetImage(ChartRenderer.Width, ChartRenderer.Height);
        Assert.DoesNotContain(relapse.Axes.Bottom.TickGenerator.Ticks, t => t.Label.Contains("bstinen", StringComparison.Ordinal));
    }
}
