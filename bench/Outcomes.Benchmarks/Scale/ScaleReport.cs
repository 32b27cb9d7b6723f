using System.Globalization;

namespace Outcomes.Benchmarks.Scale;

/// <summary>The growth table: each cost's seconds at each size, its fitted exponent and its projection.</summary>
internal static class ScaleReport
{
    /// <summary>Each cost's fit over the sizes measured, by <see cref="ScaleBenchmark.Costs"/>.</summary>
    public static IReadOnlyList<GrowthFit> Fits(IReadOnlyList<ScaleBenchmark.SizeFigures> sizes) =>
        [.. ScaleBenchmark.Costs.Select((_, i) => GrowthFit.Of([.. sizes.Select(s => ((double)s.Episodes, s.Seconds[i]))]))];

    public static void Write(TextWriter o, IReadOnlyList<ScaleBenchmark.SizeFigures> sizes, int sessionsPerEpisode, long projectTo)
    {
        var fits = Fits(sizes);
        string N(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        string S(double v) => v.ToString(v < 10 ? "F2" : v < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);
        const int first = 34, column = 12;
        void Row(string name, IEnumerable<string> cells, string fit = "", string projection = "") =>
            o.WriteLine(name.PadRight(first) + string.Concat(cells.Select(c => c.PadLeft(column))) + "  " + fit.PadRight(14) + projection);

        o.WriteLine();
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Growth with the history's size ({sessionsPerEpisode} sessions per episode): seconds, once each; t = a·n^b fitted on log-log, projected to {projectTo:N0} episodes"));
        Row("episodes", sizes.Select(s => N(s.Episodes)), "exponent b", "at " + N(projectTo) + " episodes");
        for (var i = 0; i < ScaleBenchmark.Costs.Count; i++)
        {
            var fit = fits[i];
            var exponent = fit.ExponentError is { } e
                ? string.Create(CultureInfo.InvariantCulture, $"{fit.Exponent:F2} ± {e:F2}")
                : string.Create(CultureInfo.InvariantCulture, $"{fit.Exponent:F2}");
            var range = fit.RangeAt(projectTo) is { } r ? $" ({S(r.Low)}-{S(r.High)})" : "";
            Row(ScaleBenchmark.Costs[i], sizes.Select(s => S(s.Seconds[i])), exponent, S(fit.At(projectTo)) + " s" + range);
        }

        Row("years of admissions", sizes.Select(s => s.Years.ToString("0.#", CultureInfo.InvariantCulture)));
        Row("sessions in the history", sizes.Select(s => N(s.Sessions)));
        Row("building the history (s)", sizes.Select(s => S(s.Build.TotalSeconds)));
        Row("patients in care scored", sizes.Select(s => N(s.InCareScored)));
        Row("next month's session rows", sizes.Select(s => N(s.RowsIngested)));
        Row("load average, before-after", sizes.Select(s => ScaleBenchmark.Load(s.LoadBefore) + "-" + ScaleBenchmark.Load(s.LoadAfter)));
        o.WriteLine(sizes[^1].Years > sizes[0].Years
            ? "The month holds the same work at every size (the years grow): b = 0 is a cost that follows the month, b = 1 one that follows the history."
            : "Every history spans the same years, so its month grows with it: b = 1 is a cost that follows the month's work (or the history's size), b > 1 grows faster than either.");
        o.WriteLine("The range is the fitted line ± one standard error (three sizes or more).");
    }
}
