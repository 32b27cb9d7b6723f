using System.CommandLine;
using System.Diagnostics;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Console;
using Outcomes.Database.Embedded;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;
using Outcomes.Synthetic.Demo;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.DataQuality;
using Outcomes.Pipeline.DropoutModel;
using Outcomes.Pipeline.Reports;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes demo</c>: the whole pipeline with no configuration: generate a synthetic cohort with known truth
/// into .outcomes/demo (a few malformed rows planted on purpose), start the database, migrate, ingest, analyse
/// the last twelve months, train the dropout model and score the patients in care, set the center's targets, write the
/// last month's workbook, the year's accreditation chart pack and the year's annual review into .outcomes/demo/reports,
/// and say where everything is. The cohort is the same every
/// time, so a second run skips every file and trains nothing new.
/// </summary>
internal static class DemoCommand
{
    public static string DemoFolder => Path.Combine(EmbeddedCluster.LocateHome(), "demo");

    /// <summary>
    /// Trains the dropout model unless one was already trained on this very data, and promotes it when no
    /// model is promoted yet; so running the demo twice adds nothing to the registry.
    /// </summary>
    private static async Task<long> TrainModelOnceAsync(NpgsqlDataSource dataSource, DateOnly dataThrough, TextWriter o, CancellationToken ct)
    {
        var outcome = await new TrainAndPromote(dataSource).RunAsync(
            new TrainingRequest { DataThrough = dataThrough, OncePerDataThrough = true, Promotion = PromotionRule.IfNonePromoted },
            (snapshots, _) => o.WriteLine($"Training the early-dropout model on {snapshots:N0} landmark snapshots ..."),
            ct);
        if (outcome.Existing is { } existing)
        {
            o.WriteLine($"Dropout model {existing.ModelId} was already trained on this data (AUROC {existing.Auroc:F3} on later admissions).");
            return existing.ModelId;
        }

        foreach (var e in outcome.Result!.Evaluations)
        {
            o.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"  {e.Model}: AUROC {e.Auroc:F3} ({e.AurocInterval.Lower:F3}–{e.AurocInterval.Upper:F3}), AUPRC {e.AveragePrecision:F3}"));
        }

        if (outcome.Promoted)
        {
            o.WriteLine($"  model {outcome.ModelId} promoted: it scores patients until a better one replaces it");
        }

        return outcome.ModelId!.Value;
    }

    public static Command Create(CliContext context)
    {
        var command = new Command("demo", "Generate a synthetic cohort with known truth into .outcomes/demo, ingest it, analyse it, train and score the dropout model, write the reports, and show where everything is.");
        command.SetAction((_, ct) => RunAsync(context, ct));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        var options = DemoCenter.Cohort(DemoFolder);
        var o = context.Output;
        o.WriteLine($"Outcomes demo: generating a synthetic cohort ({options.EpisodeCount:N0} episodes, {options.Facilities} facilities, admissions {options.WindowStart:yyyy-MM-dd} to {options.EndDate:yyyy-MM-dd}, seed {options.Seed})");
        var clock = Stopwatch.StartNew();
        var summary = CohortGenerator.Generate(options, cancellationToken: ct);
        o.WriteLine($"  {summary.CleanRows + summary.DirtyRows:N0} rows in {clock.Elapsed.TotalSeconds:F1} s, {summary.DirtyRows:N0} of them malformed on purpose");
        o.WriteLine();

        // The cohort ends on a fixed date; should this machine's clock be behind it, its dates are still not "future".
        var today = context.Today > options.EndDate ? context.Today : options.EndDate;
        // Each step acts as the least role it needs, as the commands and the scheduled jobs do (docs/security.md).
        IngestRunResult result;
        await using (var ingest = await context.OpenDatabaseAsync(DatabaseRole.Ingest, ct))
        {
            result = await new FolderIngestor(ingest, context.Logger)
                .IngestAsync(summary.DropFolder, new IngestOptions { Today = today }, context.IngestProgress(), ct);
        }

        IngestCommand.Print(o, result);
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        await using var reporter = await context.OpenDatabaseAsync(DatabaseRole.Reporter, ct);
        o.WriteLine();

        var period = ReportingPeriod.TrailingYear(options.EndDate);
        var policy = new SmallCellPolicy();
        var run = await AnalysisRuns.ComputeAsync(dataSource, policy, period, null, options.EndDate, cancellationToken: ct);
        AnalyzeCommand.Print(o, run, policy);
        o.WriteLine();

        var model = await TrainModelOnceAsync(dataSource, options.EndDate, o, ct);
        var scoring = await new RiskScorer(dataSource).ScoreAsync(options.EndDate, DemoCenter.WeeklyFlagCapacity, ct);
        o.WriteLine($"  {scoring.Scored:N0} patients in care on {options.EndDate:yyyy-MM-dd} scored, {scoring.Raised} new flags, {scoring.Flags.Count} on the worklist (outcomes flags list)");
        foreach (var skipped in scoring.NotScored)
        {
            o.WriteLine($"  {skipped.Patients:N0} not scored: {skipped.Reason}");
        }

        o.WriteLine();

        // The center's targets, which the workbook shades missed rates against and the annual review judges.
        var targetsAdded = await DemoCenter.SetTargetsOnceAsync(new TargetStore(dataSource), options.WindowStart, ct);
        o.WriteLine(targetsAdded == 0 ? "The center's targets were already set (outcomes targets list)." : $"{targetsAdded} targets set for the center (outcomes targets list).");

        // The last month's workbook, the year's chart pack and annual review, from the stored runs (stored first when missing).
        var written = await new WriteMonthlyReports(reporter, dataSource, policy).RunAsync(new ReportRequest
        {
            Folder = Path.Combine(DemoFolder, "reports"),
            DataThrough = options.EndDate,
            Month = ReportingPeriod.MonthOf(options.EndDate),
            ChartPack = ReportingPeriod.Year(options.EndDate.Year),
            AnnualReview = options.EndDate.Year,
        }, ct);
        var (workbook, pack, review) = (written.Workbook!, written.ChartPack!, written.AnnualReview!);
        // The daily data-quality check of the scheduled pipeline, run once here (outcomes serve runs it every day).
        var findings = await new CheckDataQuality(dataSource, [], new DataQualityOptions()).RunAsync(context.Time.GetUtcNow(), today, ct);
        o.WriteLine(findings.Count == 0 ? "Data-quality check: no findings." : $"Data-quality check: {findings.Count} finding(s)");
        foreach (var finding in findings)
        {
            o.WriteLine($"  {finding.Kind} ({finding.Subject}): {finding.Detail}");
        }

        o.WriteLine();
        o.WriteLine("Where everything is:");
        o.WriteLine($"  drop folder (ingested):        {summary.DropFolder}");
        o.WriteLine($"  ground truth (never ingested): {summary.TruthFolder}");
        o.WriteLine("    episodes.csv    true dropout probability and planted ending of every episode");
        o.WriteLine("    effects.csv     the planted effects on dropout, with their sources (docs/synthetic-data.md)");
        o.WriteLine("    dirty_rows.csv  every malformed row: quarantine should hold exactly these");
        o.WriteLine("  load ledger:                   outcomes batches");
        o.WriteLine("  quarantined rows:              outcomes quarantine list");
        o.WriteLine($"  outcome figures:               analysis run {run.RunId} (again: outcomes analyze --period 12m:{options.EndDate:yyyy-MM})");
        o.WriteLine($"  dropout model:                 model {model} in the registry (outcomes model list)");
        o.WriteLine($"  monthly workbook:              {workbook.WorkbookPath}");
        o.WriteLine($"    its first sheet, the Dashboard: {workbook.DashboardPanelsPerFigure} facility x level control charts of each key rate; "
            + (workbook.DashboardSignals.Count == 0 ? "no special cause fires" : $"{workbook.DashboardSignals.Count} special cause(s) fire:"));
        foreach (var signal in workbook.DashboardSignals)
        {
            o.WriteLine($"      {signal}");
        }

        o.WriteLine($"  accreditation chart pack:      {pack.Folder} (and {Path.GetFileName(pack.ZipPath)})");
        o.WriteLine($"  annual review:                 {review.HtmlPath} (and {Path.GetFileName(review.WorkbookPath)})");
        o.WriteLine("  flag worklist (confidential):  outcomes flags export --include-identifiers --out DIR");
        o.WriteLine("  audit trail of exports:        outcomes audit list");
        o.WriteLine("  scheduled pipeline:            outcomes serve, then outcomes status (docs/jobs.md)");
        o.WriteLine();
        o.WriteLine("Run it again: the same seed gives the same files, each recognised by its SHA-256 and skipped.");
        return result.AnyRejected ? IngestCommand.FileRejectedExitCode : 0;
    }
}
