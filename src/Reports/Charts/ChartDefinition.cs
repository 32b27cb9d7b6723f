using Outcomes.Reports.Tables;
using ScottPlot;

namespace Outcomes.Reports.Charts;

/// <summary>
/// A chart: its file name, caption, the table it is drawn from (already suppressed), the metrics behind it,
/// and how to draw it. Drawing reads only <see cref="Table"/>, so a chart never shows a number the table hides.
/// </summary>
internal sealed record ChartDefinition(string Id, ChartCaption Caption, ReportTable Table, IReadOnlyList<string> Metrics, Action<Plot> Draw);
