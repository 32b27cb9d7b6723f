using System.Globalization;
using ScottPlot;

namespace Outcomes.Benchmarks.Scale;

/// <summary>
/// The growth curve as a log-log chart in the product's chart style (DejaVu Sans, the Okabe–Ito palette, drawn at print
/// scale as the report charts are, src/Reports/Charts): each cost's measured seconds as markers, its fitted line
/// dashed out to the projected size.
/// </summary>
internal static class ScaleChart
{
    private const int Width = 1280;
    private const int Height = 600;
    private const double PrintScale = 2.1;
    private const string FontName = "DejaVu Sans";

    // The product's Okabe–Ito colours (src/Reports/Charts/OkabeIto.cs is internal to the reports), yellow left out on white.
    private static readonly Color[] Palette =
        [Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#E69F00"), Color.FromHex("#CC79A7")];

    private static readonly MarkerShape[] Markers =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle];

    public static void Write(string path, IReadOnlyList<ScaleBenchmark.SizeFigures> sizes, int sessionsPerEpisode, long projectTo)
    {
        var fits = ScaleReport.Fits(sizes);
        Fonts.Default = FontName;
        var plot = new Plot();
        plot.Font.Set(FontName);
        var xs = sizes.Select(s => Math.Log10(s.Episodes)).ToArray();
        var far = Math.Log10(Math.Max(projectTo, sizes.Max(s => s.Episodes)));
        for (var i = 0; i < ScaleBenchmark.Costs.Count; i++)
        {
            var color = Palette[i % Palette.Length];
            var fit = fits[i];
            var measured = plot.Add.Scatter(xs, [.. sizes.Select(s => Math.Log10(s.Seconds[i]))], color);
            measured.LineWidth = 0;
            measured.MarkerShape = Markers[i % Markers.Length];
            measured.MarkerSize = 9;
            measured.LegendText = string.Create(CultureInfo.InvariantCulture, $"{ScaleBenchmark.Costs[i]}: b = {fit.Exponent:F2}");
            var line = plot.Add.Line(xs[0], Math.Log10(fit.At(sizes[0].Episodes)), far, Math.Log10(fit.At(Math.Pow(10, far))));
            line.Color = color;
            line.LineWidth = 1.5f;
            line.LinePattern = LinePattern.Dashed;
        }

        if (projectTo > sizes.Max(s => s.Episodes))
        {
            var projected = plot.Add.VerticalLine(Math.Log10(projectTo), 1, Colors.Gray);
            projected.LinePattern = LinePattern.Dotted;
        }

        plot.Axes.Bottom.TickGenerator = LogTicks(v => Size(Math.Pow(10, v)));
        plot.Axes.Left.TickGenerator = LogTicks(v => Seconds(Math.Pow(10, v)));
        plot.Axes.Bottom.Label.Text = string.Create(CultureInfo.InvariantCulture,
            $"Episodes in the history ({sessionsPerEpisode} sessions each), log scale; dotted: {Size(projectTo)}");
        plot.Axes.Left.Label.Text = "Seconds, log scale";
        plot.Axes.Bottom.Label.FontSize = 12;
        plot.Title("How each month's cost grows with the history\nmeasured (markers) and t = a·n^b fitted on log-log (dashed), one run at each size", size: 16);
        plot.Legend.FontName = FontName;
        plot.ShowLegend(Edge.Right);
        plot.ScaleFactor = PrintScale;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        plot.SavePng(path, (int)(Width * PrintScale), (int)(Height * PrintScale));
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks(Func<double, string> label) => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = label,
    };

    private static string Size(double n) => n >= 1e6
        ? (n / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + " M"
        : (n / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + " K";

    private static string Seconds(double s) => s >= 1
        ? s.ToString("N0", CultureInfo.InvariantCulture) + " s"
        : s.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
