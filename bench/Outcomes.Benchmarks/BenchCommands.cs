using System.CommandLine;
using System.Globalization;
using Outcomes.Benchmarks.Analysis;
using Outcomes.Benchmarks.Ingest;
using Outcomes.Benchmarks.Model;
using Outcomes.Benchmarks.Report;
using Outcomes.Benchmarks.Scale;
using Outcomes.Benchmarks.Web;

namespace Outcomes.Benchmarks;

/// <summary>
/// The benchmarks, each printing its figures against a baseline measured in the same run:
/// <c>dotnet run -c Release --project bench/Outcomes.Benchmarks -- ingest --rows N</c> (and <c>analyze</c>,
/// <c>model</c>, <c>report</c>, <c>web</c>, <c>scale</c>). docs/performance.md keeps the current figures.
/// </summary>
internal static class BenchCommands
{
    /// <summary>Parses <paramref name="args"/> and runs the benchmark named; returns the exit code (2 for a bad argument).</summary>
    public static async Task<int> RunAsync(string[] args, BenchContext context, CancellationToken cancellationToken = default)
    {
        var parse = Create(context).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"outcomes-bench: {error.Message}");
            }

            return 2;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Output }, cancellationToken);
    }

    public static RootCommand Create(BenchContext context)
    {
        var rows = BenchOptions.Whole("--rows", "Rows in the sessions file (1 to 100,000,000).", 1, 100_000_000, 1_000_000);
        var ingest = new Command("ingest", "Ingest a generated sessions file of N rows, then load the same file with psql \\copy into a plain table and into one with the same indexes, and with pgloader; print each time, the ratios and peak memory.")
        {
            rows,
        };
        ingest.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(rows);
            // A fresh scratch folder: disposing it removes what the benchmark wrote there.
            using (var work = ScratchFolder.Create(context.WorkRoot, "ingest-" + n.ToString(CultureInfo.InvariantCulture)))
            {
                var figures = await new IngestBenchmark(context).RunAsync(n, work.Path, ct);
                var o = context.Output;
                o.WriteLine();
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows:                          {figures.Rows:N0}"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outcomes ingest:               {figures.Ingest.TotalSeconds:F2} s  {figures.IngestRate:N0} rows/s (parse, validate, stage, merge, summaries, ledger)"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"psql \\copy, plain table:       {figures.PsqlCopy.TotalSeconds:F2} s  (no index, nothing checked)  ratio {figures.Ratio:F2}"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"psql \\copy, the three indexes: {figures.PsqlCopyIndexed.TotalSeconds:F2} s  (nothing checked: one bad row aborts all)  ratio {figures.IndexedRatio:F2} (target at least 0.75)"));
                o.WriteLine(figures.Pgloader is { } pgloader
                    ? string.Create(CultureInfo.InvariantCulture, $"pgloader, the three indexes:   {pgloader.TotalSeconds:F2} s  (types checked, bad rows to a reject file)  ratio {pgloader / figures.Ingest:F2}")
                    : $"pgloader:                      {figures.PgloaderNote}");
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak memory:                   {figures.PeakWorkingSetBytes / 1048576.0:N0} MB working set ({figures.StartWorkingSetBytes / 1048576.0:N0} MB before ingest), {figures.PeakManagedBytes / 1048576.0:N0} MB managed heap"));
            }

            return 0;
        });

        var episodes = BenchOptions.Count("--episodes", "Episodes in the generated history (1 to 10,000,000).", 1, 10_000_000, 1_000_000);
        var perEpisode = BenchOptions.Count("--sessions-per-episode", "Sessions per episode (1 to 200).", 1, 200, 20);
        var analyze = new Command("analyze", "Run a month's and a trailing year's analysis on a generated history and compare each with one grouped scan of the sessions table.")
        {
            episodes, perEpisode,
        };
        analyze.SetAction(async (parse, ct) =>
        {
            var figures = await new AnalysisBenchmark(context).RunAsync(parse.GetValue(episodes), parse.GetValue(perEpisode), ct);
            var o = context.Output;
            o.WriteLine();
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sessions in the history:        {figures.Sessions:N0}"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one grouped scan of sessions:   {figures.GroupedScan.TotalSeconds:F2} s  (first run {figures.FirstGroupedScan.TotalSeconds:F2} s)"));
            foreach (var (period, elapsed, first, count) in figures.Runs)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"analysis {period,-20}  {elapsed.TotalSeconds:F2} s  ({count:N0} figures)  ratio {elapsed / figures.GroupedScan:F2} (target at most 3)  first run {first.TotalSeconds:F2} s"));
            }

            o.WriteLine("Each figure is the second of two runs (the first shown beside it): both sides read what the first run left cached.");

            return 0;
        });

        var landmarkRows = BenchOptions.Count("--rows", "Landmark rows to train and score (1,000 to 10,000,000).", 1_000, 10_000_000, 1_000_000);
        var historyEpisodes = BenchOptions.Count("--episodes", "Episodes in the generated history whose patients in care are scored (1 to 10,000,000).", 1, 10_000_000, 1_000_000);
        var model = new Command("model", "Train and score the dropout model at a million landmark rows; score every patient in care in a generated history (target under 10 s).")
        {
            landmarkRows, historyEpisodes,
        };
        model.SetAction(async (parse, ct) =>
        {
            var figures = await new ModelBenchmark(context).RunAsync(parse.GetValue(landmarkRows), parse.GetValue(historyEpisodes), ct);
            var o = context.Output;
            o.WriteLine();
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training on {figures.Rows:N0} rows:        {figures.Training.TotalSeconds:F1} s  ({figures.Rows / figures.Training.TotalSeconds:N0} rows/s, evaluation included)"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scoring {figures.Rows:N0} rows:            {figures.Scoring.TotalSeconds:F1} s  ({figures.Rows / figures.Scoring.TotalSeconds:N0} rows/s)"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scoring with reasons:              {figures.Explaining.TotalSeconds:F1} s  ({figures.Rows / figures.Explaining.TotalSeconds:N0} rows/s)"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"patients in care, {figures.HistoryEpisodes:N0}-episode history: {figures.InCare:N0} scored, flagged and stored in {figures.ScoringInCare.TotalSeconds:F1} s (target under 10 s)"));
            foreach (var (step, elapsed) in figures.InCareSteps)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {step + ":",-32} {elapsed.TotalSeconds:F1} s"));
            }

            return 0;
        });

        var cohortEpisodes = BenchOptions.Count("--episodes", "Episodes in the generated cohort (1,000 to 1,000,000; default: the demo's).", 1_000, 1_000_000, 0);
        var landmarksCommand = new Command("landmarks", "Train the dropout model on whole-stay landmarks (days 3-84) and on the first month's (days 7-28) of a generated cohort; compare them on the same held-out patients, overall, on the shared days and by landmark day.")
        {
            cohortEpisodes,
        };
        landmarksCommand.SetAction(async (parse, ct) =>
        {
            using var work = ScratchFolder.Create(context.WorkRoot, "landmarks");
            var n = parse.GetValue(cohortEpisodes);
            var figures = await new LandmarkBenchmark(context).RunAsync(n == 0 ? null : n, work.Path, ct);
            LandmarkReport.Write(context.Output, figures);
            return 0;
        });

        var reportEpisodes = BenchOptions.Count("--episodes", "Episodes in the generated history (1 to 10,000,000).", 1, 10_000_000, 1_000_000);
        var reportPerEpisode = BenchOptions.Count("--sessions-per-episode", "Sessions per episode (1 to 200).", 1, 200, 20);
        var reportFacility = BenchOptions.Facility("The facility to report on (default: the first).");
        var report = new Command("report", "Write one facility's monthly workbook on the analysis benchmark's history, with no runs stored and again with them stored; target under 30 s.")
        {
            reportEpisodes, reportPerEpisode, reportFacility,
        };
        report.SetAction(async (parse, ct) =>
        {
            using (var work = ScratchFolder.Create(context.WorkRoot, "report"))
            {
                var figures = await new ReportBenchmark(context).RunAsync(parse.GetValue(reportEpisodes), parse.GetValue(reportPerEpisode), parse.GetValue(reportFacility), work.Path, ct);
                var o = context.Output;
                o.WriteLine();
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"history:                        {figures.Episodes:N0} episodes, {figures.Sessions:N0} sessions"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workbook, no runs stored:       {figures.Cold.TotalSeconds:F2} s  (facility {figures.Facility}: {figures.RunsCreated} monthly analyses run, stored, read back; charts; workbook)  target under 30 s"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workbook, runs stored:          {figures.Warm.TotalSeconds:F2} s  (read back, charts, workbook)"));
            }

            return 0;
        });

        var webEpisodes = BenchOptions.Count("--episodes", "Episodes in the generated history (1 to 10,000,000).", 1, 10_000_000, 1_000_000);
        var webPerEpisode = BenchOptions.Count("--sessions-per-episode", "Sessions per episode (1 to 200).", 1, 200, 20);
        var webFacility = BenchOptions.Facility("The facility the login is limited to (default: the first).");
        var webRepeats = BenchOptions.Count("--requests", "Timed requests of each page, after a first one shown apart (1 to 1,000).", 1, 1_000, 10);
        var web = new Command("web", "Serve the web pages on the analysis benchmark's history with a year of flags, sign in as a login limited to one facility, and time each page (target under 300 ms).")
        {
            webEpisodes, webPerEpisode, webFacility, webRepeats,
        };
        web.SetAction(async (parse, ct) =>
        {
            var figures = await new WebBenchmark(context).RunAsync(
                parse.GetValue(webEpisodes), parse.GetValue(webPerEpisode), parse.GetValue(webFacility), parse.GetValue(webRepeats), ct);
            var o = context.Output;
            o.WriteLine();
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"history:     {figures.Episodes:N0} episodes; facility {figures.Facility}: {figures.Flags:N0} flags in a year, {figures.Reviewed:N0} reviewed"));
            foreach (var page in figures.Pages)
            {
                var verdict = page.Max <= WebBenchmark.Target ? "met" : page.Median <= WebBenchmark.Target ? "median met, max not" : "not met";
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"page {page.Name + ":",-24} median {page.Median.TotalMilliseconds,6:F0} ms  max {page.Max.TotalMilliseconds,6:F0} ms  ({page.Requests} requests, first {page.First.TotalMilliseconds:F0} ms, {page.Bytes / 1024.0:F0} KB)  target under {WebBenchmark.Target.TotalMilliseconds:F0} ms: {verdict}"));
            }

            o.WriteLine("Times are whole requests on loopback (server time and a loopback round trip), signed in as a login limited to the facility.");
            return 0;
        });

        var scaleEpisodes = BenchOptions.Counts("--episodes", "History sizes in episodes, separated by commas (each 1,000 to 10,000,000; two at least).", 1_000, 10_000_000, [250_000, 500_000, 1_000_000, 2_000_000]);
        var scalePerEpisode = BenchOptions.Count("--sessions-per-episode", "Sessions per episode (1 to 200).", 1, 200, 20);
        var projectTo = BenchOptions.Whole("--project-to", "The history size, in episodes, each cost is projected to (1,000 to 1,000,000,000).", 1_000, 1_000_000_000, 20_000_000);
        var trainingRows = BenchOptions.Count("--training-rows", "Known-risk snapshots the scoring model is trained on, once (1,000 to 1,000,000).", 1_000, 1_000_000, 20_000);
        var warmUp = BenchOptions.Count("--warm-up-episodes", "Episodes of the untimed warm-up history every step runs on first (0 for none, to 100,000).", 0, 100_000, 1_000);
        var sameMonth = new Option<bool>("--same-month")
        {
            Description = "Keep the month's work the same at every size: the history's years grow with its size (two at the smallest), instead of two years at every size.",
        };
        var chart = BenchOptions.OutputFile("--chart", "Where to write the log-log chart (PNG); none unless given.");
        var record = BenchOptions.OutputFile("--record", "A file each size's figures are appended to as it is measured (JSON lines), for --replay.");
        var replay = new Option<string?>("--replay")
        {
            Description = "Measure nothing: print the table (and write --chart) from the figures --record kept; a size recorded again replaces the earlier figures.",
            HelpName = "file",
        };
        var scale = new Command("scale", "At each history size: a month's and a trailing year's analysis, one facility's monthly workbook, scoring the patients in care and the next month's ingest; fit each cost's exponent and project it.")
        {
            scaleEpisodes, scalePerEpisode, projectTo, trainingRows, warmUp, sameMonth, chart, record, replay,
        };
        scale.SetAction(async (parse, ct) =>
        {
            var perEpisode = parse.GetValue(scalePerEpisode);
            var target = parse.GetValue(projectTo);
            var path = parse.GetValue(chart);
            void Write(IReadOnlyList<ScaleBenchmark.SizeFigures> figures, bool last)
            {
                if (figures.Count < 2)
                {
                    return;
                }

                context.Output.WriteLine(last ? "" : "(the sizes so far; the run goes on)");
                ScaleReport.Write(context.Output, figures, perEpisode, target);
                if (path is not null)
                {
                    ScaleChart.Write(path, figures, perEpisode, target);
                    context.Output.WriteLine($"chart: {path}");
                }
            }

            if (parse.GetValue(replay) is { } recorded)
            {
                var replayed = ScaleRecord.Read(recorded);
                if (replayed.Count < 2)
                {
                    await Console.Error.WriteLineAsync($"outcomes-bench: {recorded} holds {replayed.Count} size(s); the table needs two at least");
                    return 2;
                }

                Write(replayed, last: true);
                return 0;
            }

            var sizes = parse.GetValue(scaleEpisodes)!;
            var recordTo = parse.GetValue(record);
            using (var work = ScratchFolder.Create(context.WorkRoot, "scale"))
            {
                // After each size the table so far (a long job stopped part way keeps what it measured), the whole at the end.
                await new ScaleBenchmark(context, parse.GetValue(trainingRows), parse.GetValue(warmUp), parse.GetValue(sameMonth))
                    .RunAsync(sizes, perEpisode, work.Path, figures =>
                    {
                        if (recordTo is not null)
                        {
                            ScaleRecord.Append(recordTo, figures[^1]);
                        }

                        Write(figures, figures.Count == sizes.Length);
                    }, ct);
            }

            return 0;
        });

        return new RootCommand("Outcomes benchmarks: each prints its figures against a baseline measured in the same run (docs/performance.md).")
        {
            ingest, analyze, model, landmarksCommand, report, web, scale,
        };
    }
}
