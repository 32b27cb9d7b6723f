using Outcomes.Reports.Definitions;
using Outcomes.Reports.Output;
using ScottPlot;

namespace Outcomes.Reports.Charts;

/// <summary>
/// Writes charts as PNG and SVG with one look: DejaVu Sans (installed with fonts-dejavu-core, so text renders
/// the same on every machine), the Okabe–Ito palette, the title with period, population and n, and a source line.
/// </summary>
internal static class ChartRenderer
{
    /// <summary>Layout size in points; PNGs are drawn at <see cref="PrintScale"/> times this (about 300 dpi at 6.7 × 4.2 inches).</summary>
    public const int Width = 960;

    public const int Height = 600;

    public const double PrintScale = 2.1;

    public const string FontName = "DejaVu Sans";

    public static RenderedChart Render(ChartDefinition chart, string folder)
    {
        Directory.CreateDirectory(folder);
        var png = OutputFolder.Inside(folder, chart.Id + ".png");
        var svg = OutputFolder.Inside(folder, chart.Id + ".svg");
        var plot = Build(chart);
        plot.ScaleFactor = PrintScale;
        plot.SavePng(png, (int)(Width * PrintScale), (int)(Height * PrintScale));
        SvgPlot(chart).SaveSvg(svg, Width, Height);
        return new RenderedChart(chart, png, svg);
    }

    /// <summary>The chart as SVG text: the drawing <see cref="Render"/> writes to its SVG file, for a page to serve.</summary>
    public static string Svg(ChartDefinition chart) => SvgPlot(chart).GetSvgXml(Width, Height);

    private static Plot SvgPlot(ChartDefinition chart)
    {
        var plot = Build(chart);
        SolidLinesOnly(plot);
        return plot;
    }

    /// <summary>
    /// Skia's SVG writer cannot dash a line (it says so on standard error and draws it solid anyway): the SVG
    /// draws every line solid on purpose, and the charts tell series apart by colour and marker as well.
    /// </summary>
    private static void SolidLinesOnly(Plot plot)
    {
        foreach (var plottable in plot.GetPlottables())
        {
            switch (plottable)
            {
                case ScottPlot.Plottables.Scatter scatter:
                    scatter.LinePattern = LinePattern.Solid;
                    break;
                case ScottPlot.Plottables.LinePlot line:
                    line.LinePattern = LinePattern.Solid;
                    break;
                case ScottPlot.Plottables.AxisLine axisLine:
                    axisLine.LinePattern = LinePattern.Solid;
                    break;
            }
        }
    }

    /// <summary>
    /// Layout size of a Dashboard panel in points. Six panels side by side print the width of a landscape page (150
    /// pixels, about 1.6 inches, each), so text of <see cref="PanelFontSize"/> prints at about 7.5 pt and titles at 8 pt.
    /// </summary>
    public const int PanelWidth = 240;

    public const int PanelHeight = 190;

    public const float PanelFontSize = 14;

    /// <summary>A Dashboard panel as PNG (print resolution) and SVG: its two-line title, month and percent ticks, no source line (the sheet states it).</summary>
    public static RenderedChart RenderPanel(ChartDefinition chart, string folder)
    {
        Directory.CreateDirectory(folder);
        var png = OutputFolder.Inside(folder, "dashboard-" + chart.Id + ".png");
        var svg = OutputFolder.Inside(folder, "dashboard-" + chart.Id + ".svg");
        var plot = BuildPanel(chart);
        plot.ScaleFactor = PrintScale;
        plot.SavePng(png, (int)(PanelWidth * PrintScale), (int)(PanelHeight * PrintScale));
        PanelSvgPlot(chart).SaveSvg(svg, PanelWidth, PanelHeight);
        return new RenderedChart(chart, png, svg);
    }

    /// <summary>A Dashboard panel as SVG text: the drawing <see cref="RenderPanel"/> writes to its SVG file, for a page to serve.</summary>
    public static string PanelSvg(ChartDefinition chart) => PanelSvgPlot(chart).GetSvgXml(PanelWidth, PanelHeight);

    private static Plot PanelSvgPlot(ChartDefinition chart)
    {
        var plot = BuildPanel(chart);
        SolidLinesOnly(plot);
        return plot;
    }

    internal static Plot BuildPanel(ChartDefinition chart)
    {
        Fonts.Default = FontName;
        var plot = new Plot();
        plot.Font.Set(FontName);
        chart.Draw(plot);
        plot.Title(FigureCatalogue.Words(chart.Caption.Title), size: PanelFontSize);
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = PanelFontSize;
            axis.MajorTickStyle.Length = 3;
            axis.MinorTickStyle.Length = 0;
        }

        // Room for half of the last month's label, which is centred on the panel's right edge.
        plot.Axes.Right.MinimumSize = 36;

        return plot;
    }

    internal static Plot Build(ChartDefinition chart)
    {
        Fonts.Default = FontName;
        var plot = new Plot();
        plot.Font.Set(FontName);
        chart.Draw(plot);
        plot.Title(FigureCatalogue.Words($"{chart.Caption.Title}\n{chart.Caption.Subtitle}"), size: 16);
        var bottom = FigureCatalogue.Words(plot.Axes.Bottom.Label.Text);
        plot.Axes.Bottom.Label.Text = string.IsNullOrEmpty(bottom) ? $"Source: {chart.Caption.Source}" : $"{bottom}\n\nSource: {chart.Caption.Source}";
        plot.Axes.Left.Label.Text = FigureCatalogue.Words(plot.Axes.Left.Label.Text);
        plot.Axes.Bottom.Label.FontSize = 12;
        plot.Legend.FontName = FontName;
        return plot;
    }
}
