using System.CommandLine;
using System.Globalization;
using Outcomes.Cli.Arguments;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Programs;
using Outcomes.Cli.Console;
using Outcomes.Database.Embedded;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.PublicData.Ctn0094;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes import ctn0094 FOLDER</c>: the public CTN-0094 trial data written as an ordinary drop folder, loaded
/// through the validated ingest, and each trial's two arms compared (docs/real-data.md).
/// </summary>
internal static class ImportCommand
{
    /// <summary>The arms each trial randomized between, first the comparator.</summary>
    private static readonly (string Trial, string First, string Second)[] Comparisons =
    [
        ("27", "METHADONE", "BUP-NX"),
        ("51", "BUP-NX-DETOX", "XR-NTX"),
    ];

    public static Command Create(CliContext context)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The CTN-0094 tables (everybody.csv, randomization.csv, visit.csv, ...)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where to write the drop folder (default: .outcomes/ctn0094/drop)." };
        var trials = CliOptions.Words("--trial", "Import only these trials: 27 (CTN-0027), 51 (CTN-0051). Default: both.", ["27", "51"]);
        var ctn = new Command("ctn0094", "Import the public NIDA CTN-0094 data of trials CTN-0027 and CTN-0051: map them onto the data contract, ingest, and compare each trial's arms.")
        {
            folder, output, trials,
        };
        ctn.SetAction(async (parse, ct) =>
        {
            var selected = parse.GetValue(trials) ?? [];
            var drop = parse.GetValue(output)?.FullName ?? Path.Combine(EmbeddedCluster.LocateHome(), "ctn0094", "drop");
            var source = parse.GetValue(folder)!;
            if (!source.Exists)
            {
                throw new DirectoryNotFoundException($"The CTN-0094 folder '{source.FullName}' does not exist.");
            }

            var o = context.Output;
            var imported = new Ctn0094Importer().Import(source.FullName, drop, selected);
            o.WriteLine($"CTN-0094 tables mapped onto data contract v1 in {imported.DropFolder}:");
            o.WriteLine("  " + string.Join(", ", imported.RowsWritten.Select(kv => $"{kv.Key} {kv.Value:N0}")));
            if (imported.Issues.Count > 0)
            {
                o.WriteLine($"{imported.Issues.Count:N0} source row(s) not carried over as they are, by reason:");
                var issues = new TextTable("table", "rows", "reason");
                foreach (var (table, reason, count) in imported.IssueSummary())
                {
                    issues.Add(table, count, reason);
                }

                issues.Write(o);
            }

            o.WriteLine();
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Ingest, ct);
            var result = await new FolderIngestor(dataSource, context.Logger)
                .IngestAsync(drop, new IngestOptions { Today = context.Today }, new ProgressPrinter(System.Console.Error), ct);
            IngestCommand.Print(o, result);
            o.WriteLine();

            var arms = new TextTable("trial", "arm", "episodes", "completed 24 weeks (95% CI)", "never medicated", "median days in care", "arm − comparator (95% CI)", "log-rank", "hazard ratio");
            foreach (var (trial, first, second) in Comparisons.Where(c => selected.Length == 0 || selected.Contains(c.Trial)))
            {
                var comparison = await ProgramComparison.CompareAsync(dataSource, first, second, ct);
                foreach (var arm in new[] { comparison.First, comparison.Second })
                {
                    var isSecond = arm == comparison.Second;
                    var ci = arm.Completed.Wilson();
                    arms.Add($"CTN-00{trial}", arm.ProgramId, arm.Episodes,
                        string.Create(CultureInfo.InvariantCulture, $"{arm.Completed.Estimate:P1} ({ci.Lower:P1}–{ci.Upper:P1})"),
                        arm.WithoutMedication.Estimate.ToString("P1", CultureInfo.InvariantCulture),
                        arm.Retention.Median?.ToString("F0", CultureInfo.InvariantCulture) ?? "not reached",
                        isSecond ? string.Create(CultureInfo.InvariantCulture, $"{comparison.CompletionDifference:+0.0%;-0.0%} ({comparison.CompletionDifferenceInterval.Lower:+0.0%;-0.0%} to {comparison.CompletionDifferenceInterval.Upper:+0.0%;-0.0%})") : "",
                        isSecond ? string.Create(CultureInfo.InvariantCulture, $"χ² {comparison.LogRank.ChiSquare:F1}, p {(comparison.LogRank.PValue < 0.001 ? "< 0.001" : comparison.LogRank.PValue.ToString("F3", CultureInfo.InvariantCulture))}") : "",
                        isSecond ? comparison.HazardRatio.ToString("F2", CultureInfo.InvariantCulture) : "");
                }
            }

            arms.Write(o);
            o.WriteLine("Published: CTN-0027 completion 74% methadone vs 46% buprenorphine-naloxone (Hser et al., Addiction 2014); CTN-0051 about 28% of");
            o.WriteLine("XR-naltrexone and 6% of buprenorphine-naloxone participants never started medication (Lee et al., Lancet 2018). See docs/real-data.md.");
            if (selected.Length == 0)
            {
                o.WriteLine();
                o.WriteLine("Early-dropout model trained on CTN-0027 at week 4 after randomization, tested on CTN-0051 (a different trial, population and medication):");
                var validation = await ExternalValidation.RunAsync(dataSource, ["METHADONE", "BUP-NX"], ["BUP-NX-DETOX", "XR-NTX"], cancellationToken: ct);
                var models = new TextTable("model", "rows", "AUROC (95% CI)", "Brier", "calibration slope", "intercept");
                foreach (var e in validation.Evaluations)
                {
                    models.Add(e.Model, e.TestRows, string.Create(CultureInfo.InvariantCulture, $"{e.Auroc:F3} ({e.AurocInterval.Lower:F3}–{e.AurocInterval.Upper:F3})"),
                        e.Brier?.ToString("F4", CultureInfo.InvariantCulture) ?? "–", e.CalibrationSlope?.ToString("F2", CultureInfo.InvariantCulture) ?? "–",
                        e.CalibrationIntercept?.ToString("F2", CultureInfo.InvariantCulture) ?? "–");
                }

                models.Write(o);
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {validation.TrainingRows:N0} training snapshots; unplanned discharge within 30 days in {validation.TestDropoutRate:P1} of the test snapshots."));
            }

            return result.AnyRejected ? IngestCommand.FileRejectedExitCode : 0;
        });

        var import = new Command("import", "Import public benchmark data sets through the validated ingest.") { ctn };
        return import;
    }
}
