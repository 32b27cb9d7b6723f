using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Benchmarks.Analysis;
using Outcomes.Benchmarks.Report;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Snapshots;

namespace Outcomes.Benchmarks.Scale;

/// <summary>
/// <c>scale</c>: how each recurring cost of a center grows with the size of its history. For each size it builds the
/// analysis benchmark's kind of history (in a scratch database of its own) and times, once each: a month's analysis and
/// the trailing year's (as the analyst role, as the nightly job runs them), one facility's monthly workbook with no runs
/// stored, scoring every patient in care on the history's last day, and the ingest of the next month's sessions onto
/// the history. Every one of these is a month's work of a center whose history has that size; what an exponent says
/// depends on how the month grows with the history (below).
/// </summary>
/// <remarks>
/// By default every history spans two years, so its month grows with it (a larger network): b = 1 is what a cost that
/// follows the month's work shows, and so is one that follows the history's size. With <c>sameMonth</c> the years grow
/// with the size instead (two at the smallest size, twice as many at twice its size), so every month holds the same
/// work (a center with a longer past): a cost that follows the month shows b = 0; one that follows the history, b = 1.
/// </remarks>
internal sealed class ScaleBenchmark(BenchContext context, int trainingRows, int warmUpEpisodes, bool sameMonth = false)
{
    /// <summary>The days the smallest history's admissions span (two years); with <c>sameMonth</c> a larger history spans more in proportion.</summary>
    private const int BaseDays = 730;

    /// <summary>The history's last day (as the other benchmarks' histories), and the month after it that is ingested.</summary>
    public static readonly DateOnly End = new(2026, 10, 31);

    /// <summary>The costs timed at each size, in the order they run (the ingest last: it changes the history).</summary>
    public static readonly IReadOnlyList<string> Costs =
    [
        "a month's analysis",
        "the trailing year's analysis",
        "one facility's monthly workbook",
        "scoring the patients in care",
        "ingest of the next month",
    ];

    /// <summary>One size's figures: the history, the seconds of each cost (by <see cref="Costs"/>) and the machine's load.</summary>
    public sealed record SizeFigures(
        int Episodes, double Years, long Sessions, TimeSpan Build, IReadOnlyList<double> Seconds, int InCareScored, long RowsIngested, double? LoadBefore, double? LoadAfter);

    /// <summary>Measures each size in turn; <paramref name="measured"/> is called with the sizes so far after each (a long job's table so far).</summary>
    public async Task<IReadOnlyList<SizeFigures>> RunAsync(
        IReadOnlyList<int> sizes, int sessionsPerEpisode, string workFolder, Action<IReadOnlyList<SizeFigures>> measured, CancellationToken cancellationToken)
    {
        // The scoring model is trained once per run on known-risk snapshots (the training is model's to measure).
        context.Output.WriteLine(Stamp($"Training the scoring model on {trainingRows:N0} known-risk snapshots ..."));
        var (snapshots, _) = KnownRiskSnapshots.Generate(trainingRows, seed: 1);
        var model = new DropoutModelTrainer().Train(snapshots);

        // Every step runs once first on a small history, untimed, so the first size does not pay the first calls' compilation.
        if (warmUpEpisodes > 0)
        {
            context.Output.WriteLine(Stamp($"Warming up on a {warmUpEpisodes:N0}-episode history (not timed) ..."));
            await MeasureAsync(warmUpEpisodes, sessionsPerEpisode, null, model, Path.Combine(workFolder, "warm-up"), quiet: true, cancellationToken);
        }

        var figures = new List<SizeFigures>();
        foreach (var episodes in sizes)
        {
            int? days = sameMonth ? (int)Math.Round(BaseDays * (double)episodes / sizes[0]) : null;
            var size = await MeasureAsync(episodes, sessionsPerEpisode, days, model, Path.Combine(workFolder, episodes.ToString(CultureInfo.InvariantCulture)), quiet: false, cancellationToken);
            figures.Add(size);
            measured(figures);
        }

        // The last history was changed by its ingest and is large: nothing can reuse it.
        await DropHistoryAsync(cancellationToken);
        return figures;
    }

    private const string Suffix = "_scale";

    /// <summary>Drops the scratch history (each size builds its own) and forgets pooled connections to it.</summary>
    private async Task DropHistoryAsync(CancellationToken cancellationToken)
    {
        var admin = await ScratchDatabase.AdminConnectionStringAsync(context, cancellationToken);
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition($"drop database if exists {context.DatabaseName(Suffix)} with (force)", cancellationToken: cancellationToken));
        }

        NpgsqlConnection.ClearAllPools();
    }

    private async Task<SizeFigures> MeasureAsync(
        int episodes, int sessionsPerEpisode, int? days, TrainingResult model, string folder, bool quiet, CancellationToken cancellationToken)
    {
        var label = $"[{episodes:N0} episodes]";
        void Progress(string line)
        {
            if (!quiet)
            {
                context.Output.WriteLine(Stamp($"{label} {line}"));
            }
        }

        var loadBefore = LoadAverage();
        Progress(string.Create(CultureInfo.InvariantCulture,
            $"building the history ({sessionsPerEpisode} sessions per episode, admissions over {(days ?? BaseDays) / 365.0:0.#} years), load average {Load(loadBefore)} ..."));
        await DropHistoryAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var connectionString = await new AnalysisBenchmark(context).PrepareDatabaseAsync(episodes, sessionsPerEpisode, End, cancellationToken, Suffix, days);
        var build = clock.Elapsed;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        long sessions;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            // The history is rebuilt whenever its ingest ran: forget its size now, so a run stopped part way cannot reuse it.
            await connection.ExecuteAsync(new CommandDefinition("delete from bench_history", cancellationToken: cancellationToken));
            sessions = await connection.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from attendance_session", commandTimeout: 0, cancellationToken: cancellationToken));
        }

        Progress(string.Create(CultureInfo.InvariantCulture, $"history built: {sessions:N0} sessions in {build.TotalSeconds:F1} s"));
        var seconds = new List<double>();
        void Timed(string cost, TimeSpan elapsed, string detail = "")
        {
            seconds.Add(elapsed.TotalSeconds);
            Progress(string.Create(CultureInfo.InvariantCulture, $"{cost}: {elapsed.TotalSeconds:F2} s{detail}"));
        }

        // The analyses as the analyst role, as the commands and the nightly job run them; not stored, so the workbook
        // after them starts with no runs.
        await using (var analyst = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(connectionString, DatabaseRole.Analyst)))
        {
            foreach (var (cost, period) in new[] { (Costs[0], End.ToString("yyyy-MM", CultureInfo.InvariantCulture)), (Costs[1], "12m:" + End.ToString("yyyy-MM", CultureInfo.InvariantCulture)) })
            {
                clock.Restart();
                await new PeriodAnalysis(analyst, new SmallCellPolicy()).RunAsync(ReportingPeriod.Parse(period), null, End, cancellationToken: cancellationToken);
                Timed(cost, clock.Elapsed);
            }
        }

        var workbook = await new ReportBenchmark(context).WriteAsync(connectionString, null, End, Path.Combine(folder, "report"), warm: false, cancellationToken);
        Timed(Costs[2], workbook.Cold, $" (facility {workbook.Facility}, {workbook.RunsComputed} analyses run)");

        var registry = new ModelRegistry(dataSource);
        var id = await registry.SaveCandidateAsync(model, SnapshotQuery.DefaultHorizonDays, End, cancellationToken);
        await registry.PromoteAsync(id, cancellationToken);
        clock.Restart();
        var scored = await new RiskScorer(dataSource).ScoreAsync(End, 10, cancellationToken);
        Timed(Costs[3], clock.Elapsed, $" ({scored.Scored:N0} patients)");

        var drop = Path.Combine(folder, "next-month");
        Directory.CreateDirectory(drop);
        var file = Path.Combine(drop, "sessions.csv");
        var rows = await NextMonthSessions.WriteAsync(dataSource, End, file, cancellationToken);
        Progress($"next month's sessions file written: {rows:N0} rows");
        var options = new IngestOptions { Today = End.AddMonths(1).AddDays(1) };
        clock.Restart();
        var result = await new FolderIngestor(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).IngestAsync(drop, options, cancellationToken: cancellationToken);
        var ingest = clock.Elapsed;
        var loaded = result.Files.Single();
        if (loaded.Status != FileStatus.Committed || loaded.RowsInserted != rows)
        {
            throw new InvalidOperationException($"The next month's ingest did not load every row: {loaded}");
        }

        Timed(Costs[4], ingest, $" ({rows:N0} rows onto {sessions:N0})");
        var loadAfter = LoadAverage();
        Progress($"done, load average {Load(loadAfter)}");
        return new SizeFigures(episodes, (days ?? BaseDays) / 365.0, sessions, build, seconds, scored.Scored, rows, loadBefore, loadAfter);
    }

    private string Stamp(string line) => context.Time.GetUtcNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " " + line;

    internal static string Load(double? load) => load is { } l ? l.ToString("F1", CultureInfo.InvariantCulture) : "unknown";

    /// <summary>The one-minute load average (Linux); null where the system does not say.</summary>
    internal static double? LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
