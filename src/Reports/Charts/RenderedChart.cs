namespace Outcomes.Reports.Charts;

/// <summary>A chart written to disk as PNG (print resolution) and SVG.</summary>
internal sealed record RenderedChart(ChartDefinition Definition, string PngPath, string SvgPath);
