using System.Globalization;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.TimeSeries;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Output;
using ScottPlot;

namespace Outcomes.Reports.Charts;

/// <summary>
/// The Dashboard's small multiples: one p-chart per facility × level × figure, drawn from the panel's stored months and
/// the chart <see cref="SpcReading"/> read of them. Each month's rate is a dot (open when the month rests on fewer cases
/// than the small-cell threshold), a special cause a black diamond; grey steps are the month's 3-sigma limits, the black
/// line the centre line, the dashed green line the target and the green band the rates that meet it. The panels of one
/// figure share their vertical scale, so that a row compares facilities and levels at a glance.
/// </summary>
internal static class DashboardCharts
{
    public static IReadOnlyList<ChartDefinition> All(Dashboard dashboard, string period, string source) =>
        [.. dashboard.Panels.Select(p => Panel(dashboard, p, period, source, Top(dashboard.Panels.Where(o => o.Figure == p.Figure))))];

    /// <summary>The name of a panel's picture on the sheet, and (after "dashboard-") of its files: "early-dropout-PHP-FAC02", at most 31 characters.</summary>
    public static string Id(DashboardPanel panel)
    {
        var id = SafeFileName.From($"{panel.Figure.Short}-{panel.LevelShort}-{panel.Facility}");
        return id.Length <= 31 ? id : id[..31];
    }

    private static ChartDefinition Panel(Dashboard dashboard, DashboardPanel panel, string period, string source, double top)
    {
        var title = panel.Chart is { } chart
            ? string.Create(CultureInfo.InvariantCulture, $"{panel.Name}\n{Events(panel)}/{Cases(panel)} = {chart.CentreLine:0.0%}{(chart.IsLaney ? " p′" : "")}")
            : $"{panel.Name}\ntoo few months";
        var table = new Tables.ReportTable(Id(panel), panel.Subject, Dashboard.Columns, dashboard.Rows(panel));
        return new ChartDefinition(Id(panel), new ChartCaption(title, period, panel.Name, Cases(panel), source), table, [panel.Figure.Metric], plot => Draw(plot, panel, top));
    }

    private static string Events(DashboardPanel panel) => panel.Months.Where(m => !m.Withheld).Sum(m => m.Events).ToString("N0", CultureInfo.InvariantCulture);

    private static string Cases(DashboardPanel panel) => panel.Months.Where(m => !m.Withheld).Sum(m => m.Cases).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The top of a figure's shared scale: room for every rate, centre line and target, to the next 10%; limits beyond it are cut.</summary>
    private static double Top(IEnumerable<DashboardPanel> panels)
    {
        var highest = panels.SelectMany(p => p.Months.Where(m => m.Cases > 0 && !m.Withheld).Select(m => (double)m.Events / m.Cases)
            .Concat(p.Chart is null ? [] : [p.Chart.CentreLine]).Concat(p.Target is null ? [] : [p.Target.Target])).DefaultIfEmpty(0).Max();
        return Math.Min(1, Math.Ceiling((highest + 0.05) * 10) / 10);
    }

    private static void Draw(Plot plot, DashboardPanel panel, double top)
    {
        var n = panel.Months.Count;
        var colour = panel.Level == OutcomeDefinitions.Php ? OkabeIto.Php : OkabeIto.Iop;
        if (panel.Target is { } target)
        {
            var (low, high) = target.AtLeast ? (target.Target, 1.0) : (0.0, target.Target);
            var band = plot.Add.FillY([-0.5, n - 0.5], [low, low], [high, high]);
            band.FillColor = OkabeIto.BluishGreen.WithAlpha(0.12);
            band.LineWidth = 0;
            var line = plot.Add.HorizontalLine(target.Target, 1.5f, OkabeIto.BluishGreen);
            line.LinePattern = LinePattern.Dashed;
        }

        if (panel.Chart is { } chart)
        {
            DrawChart(plot, panel, chart, colour);
        }

        // A tick a month, the first and the last labelled: a third label between them does not fit a panel's width.
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, n).Select(i => (double)i)], [.. Enumerable.Range(0, n).Select(i => i == 0 || i == n - 1 ? panel.Months[i].Label : "")]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            // The scale always starts at 0; its label would sit on the first month's, in the panel's corner.
            LabelFormatter = v => v <= 0 ? "" : v.ToString("0%", CultureInfo.InvariantCulture),
            TargetTickCount = 3,
        };
        plot.Axes.SetLimits(-0.6, n - 0.4, 0, top);
    }

    private static void DrawChart(Plot plot, DashboardPanel panel, PChart chart, Color colour)
    {
        var grey = Color.FromHex("#7F7F7F");
        for (var i = 0; i < chart.Points.Count; i++)
        {
            if (panel.Months[i].Cases == 0 || panel.Months[i].Withheld)
            {
                continue;
            }

            foreach (var limit in new[] { chart.Points[i].LowerLimit, chart.Points[i].UpperLimit })
            {
                var step = plot.Add.Line(i - 0.45, limit, i + 0.45, limit);
                step.LineColor = grey;
                step.LineWidth = 1.5f;
                step.MarkerSize = 0;
            }
        }

        var centre = plot.Add.HorizontalLine(chart.CentreLine, 1.2f, OkabeIto.Black);
        centre.LinePattern = LinePattern.Solid;

        var shown = chart.Points.Select((p, i) => (p, i)).Where(x => !double.IsNaN(x.p.Proportion)).ToList();
        var path = plot.Add.Scatter(shown.Select(x => (double)x.i).ToArray(), shown.Select(x => x.p.Proportion).ToArray(), colour.WithAlpha(0.6));
        path.LineWidth = 1;
        path.MarkerSize = 0;
        foreach (var (point, i) in shown)
        {
            var small = panel.Months[i].SmallN;
            var (shape, size, markerColour) = point.Signals == SpcSignal.None
                ? (small ? MarkerShape.OpenCircle : MarkerShape.FilledCircle, 7f, colour)
                : (small ? MarkerShape.OpenDiamond : MarkerShape.FilledDiamond, 11f, OkabeIto.Black);
            plot.Add.Marker(i, point.Proportion, shape, size, markerColour);
        }
    }
}
