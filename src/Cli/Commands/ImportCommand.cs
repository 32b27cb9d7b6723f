using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Programs;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;
using Outcomes.Database.Embedded;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.PublicData.Ctn0094;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes import ctn0094 FOLDER</c>: any trial of the public CTN-0094 release written as an ordinary drop folder,
/// loaded through the validated ingest, then each imported trial's arms compared and the model validated across the
/// imported trials the release declares (docs/real-data.md). Every figure is for the trials of this import only.
/// </summary>
internal static class ImportCommand
{
    /// <summary>What <c>import ctn0094</c> was given, checked.</summary>
    internal sealed record Settings(DirectoryInfo Source, string DropFolder, IReadOnlyList<string> Trials, string? ReleaseFile);

    public static Command Create(CliContext context)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The CTN-0094 release's tables (everybody.csv, randomization.csv, visit.csv, ...)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where to write the drop folder (default: .outcomes/ctn0094/drop). A failed import leaves it as it was." };
        var trials = CliOptions.Identifiers("--trial", "Import only these trials (everybody.project, e.g. 27, 30, 51). Default: every trial of the release.");
        var release = new Option<FileInfo?>("--release")
        {
            Description = "The release's declaration (study day 0 per trial, program ids, study medication, validations); default: the folder's release.json, else public.ctn0094data 1.0.6's.",
        };
        var ctn = new Command("ctn0094", "Import the public NIDA CTN-0094 trial data: map every trial of the release onto the data contract, ingest, and compare each trial's arms.")
        {
            folder, output, trials, release,
        };
        ctn.SetAction(async (parse, ct) =>
        {
            var settings = new Settings(parse.GetValue(folder)!, parse.GetValue(output)?.FullName ?? Path.Combine(EmbeddedCluster.LocateHome(), "ctn0094", "drop"),
                parse.GetValue(trials) ?? [], parse.GetValue(release)?.FullName);
            return await RunAsync(context, settings, ct);
        });

        return new Command("import", "Import public benchmark data sets through the validated ingest.") { ctn };
    }

    private static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        if (!settings.Source.Exists)
        {
            throw new DirectoryNotFoundException($"The CTN-0094 folder '{settings.Source.FullName}' does not exist.");
        }

        IReadOnlyList<string> inRelease;
        try
        {
            inRelease = Ctn0094Importer.TrialsIn(settings.Source.FullName);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
        {
            throw new UsageException($"not a CTN-0094 release: {ex.Message}");
        }

        if (settings.Trials.FirstOrDefault(t => !inRelease.Contains(t, StringComparer.Ordinal)) is { } unknown)
        {
            throw new UsageException($"--trial {unknown}: not a trial of this release (it holds {(inRelease.Count == 0 ? "none" : string.Join(", ", inRelease))}).");
        }

        var o = context.Output;
        Ctn0094ImportResult imported;
        try
        {
            imported = new Ctn0094Importer().Import(settings.Source.FullName, settings.DropFolder, settings.Trials, settings.ReleaseFile);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
        {
            throw new UsageException($"not a CTN-0094 release: {ex.Message}");
        }

        PrintIssues(o, imported);
        if (imported.Failure is { } why)
        {
            // Nothing was written and nothing is loaded: the drop folder and the database are as they were.
            throw new InvalidOperationException($"nothing imported: {why}.");
        }

        o.WriteLine($"CTN-0094 trial(s) {string.Join(", ", imported.Trials.Select(t => t.Name))} mapped onto data contract v1 in {imported.DropFolder}:");
        o.WriteLine("  " + string.Join(", ", imported.RowsWritten.Select(kv => $"{kv.Key} {kv.Value:N0}")));
        o.WriteLine();
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Ingest, ct);
        var result = await new FolderIngestor(dataSource, context.Logger)
            .IngestAsync(settings.DropFolder, new IngestOptions { Today = context.Today }, context.IngestProgress(), ct);
        IngestCommand.Print(o, result);
        o.WriteLine();
        if (result.AnyRejected)
        {
            return IngestCommand.FileRejectedExitCode;
        }

        // The comparisons and the model's validation are the analyst's work: they read as the analyst role (the model's
        // snapshots read the flags, which the loading role may not).
        await using var analyst = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        await PrintComparisonsAsync(o, analyst, imported, ct);
        foreach (var validation in imported.Validations)
        {
            await PrintValidationAsync(o, analyst, imported, validation, ct);
        }

        return 0;
    }

    private static void PrintIssues(TextWriter o, Ctn0094ImportResult imported)
    {
        if (imported.Issues.Count == 0)
        {
            return;
        }

        o.WriteLine($"{imported.Issues.Count:N0} source row(s) not carried over as they are, by trial and reason:");
        var issues = new TextTable("trial", "table", "rows", "reason");
        foreach (var (trial, table, reason, count) in imported.IssueSummary())
        {
            issues.Add(trial, table, count, reason);
        }

        issues.Write(o);
        o.WriteLine();
    }

    /// <summary>Each imported trial's arms against its comparator (the first arm the release lists), phase by phase.</summary>
    private static async Task PrintComparisonsAsync(TextWriter o, Npgsql.NpgsqlDataSource dataSource, Ctn0094ImportResult imported, CancellationToken ct)
    {
        var compared = imported.Trials.Where(t => t.Comparisons.Any()).ToList();
        if (compared.Count == 0)
        {
            o.WriteLine("No imported trial has two arms with episodes in one phase: nothing to compare.");
            return;
        }

        var arms = new TextTable("trial", "arm", "episodes", "completed (95% CI)", "never medicated", "median days in care", "arm − comparator (95% CI)", "log-rank", "hazard ratio");
        foreach (var trial in compared)
        {
            var shown = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (comparator, second) in trial.Comparisons)
            {
                var comparison = await ProgramComparison.CompareAsync(dataSource, comparator, second, ct);
                foreach (var arm in new[] { comparison.First, comparison.Second }.Where(a => shown.Add(a.ProgramId)))
                {
                    var isSecond = arm == comparison.Second;
                    var ci = arm.Completed.Wilson();
                    arms.Add(trial.Name, arm.ProgramId, arm.Episodes,
                        string.Create(CultureInfo.InvariantCulture, $"{arm.Completed.Estimate:P1} ({ci.Lower:P1}–{ci.Upper:P1})"),
                        arm.WithoutMedication.Estimate.ToString("P1", CultureInfo.InvariantCulture),
                        arm.Retention.Median?.ToString("F0", CultureInfo.InvariantCulture) ?? "not reached",
                        isSecond ? string.Create(CultureInfo.InvariantCulture, $"{comparison.CompletionDifference:+0.0%;-0.0%} ({comparison.CompletionDifferenceInterval.Lower:+0.0%;-0.0%} to {comparison.CompletionDifferenceInterval.Upper:+0.0%;-0.0%})") : "",
                        isSecond ? string.Create(CultureInfo.InvariantCulture, $"χ² {comparison.LogRank.ChiSquare:F1}, p {(comparison.LogRank.PValue < 0.001 ? "< 0.001" : comparison.LogRank.PValue.ToString("F3", CultureInfo.InvariantCulture))}") : "",
                        isSecond ? comparison.HazardRatio.ToString("F2", CultureInfo.InvariantCulture) : "");
                }
            }
        }

        arms.Write(o);
        foreach (var trial in compared.Where(t => t.Published is not null))
        {
            o.WriteLine($"Published for {trial.Name}: {trial.Published}.");
        }

        o.WriteLine("See docs/real-data.md.");
    }

    private static async Task PrintValidationAsync(TextWriter o, Npgsql.NpgsqlDataSource dataSource, Ctn0094ImportResult imported, Ctn0094Validation validation, CancellationToken ct)
    {
        var train = imported.Trials.Single(t => t.Project == validation.TrainTrial).Name;
        var test = imported.Trials.Single(t => t.Project == validation.TestTrial).Name;
        o.WriteLine();
        o.WriteLine($"Early-dropout model trained on {train} at week 4 after randomization, tested on {test} (a different trial, population and medication):");
        TrainingResult result;
        try
        {
            result = await ExternalValidation.RunAsync(dataSource, validation.TrainPrograms, validation.TestPrograms, cancellationToken: ct);
        }
        catch (InvalidOperationException ex)
        {
            // The import itself succeeded; a validation these trials cannot support is said, not failed.
            o.WriteLine($"  not run: {ex.Message}");
            return;
        }

        var models = new TextTable("model", "rows", "AUROC (95% CI)", "Brier", "calibration slope", "intercept");
        foreach (var e in result.Evaluations)
        {
            models.Add(e.Model, e.TestRows, string.Create(CultureInfo.InvariantCulture, $"{e.Auroc:F3} ({e.AurocInterval.Lower:F3}–{e.AurocInterval.Upper:F3})"),
                e.Brier?.ToString("F4", CultureInfo.InvariantCulture) ?? "–", e.CalibrationSlope?.ToString("F2", CultureInfo.InvariantCulture) ?? "–",
                e.CalibrationIntercept?.ToString("F2", CultureInfo.InvariantCulture) ?? "–");
        }

        models.Write(o);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {result.TrainingRows:N0} training snapshots; unplanned discharge within 30 days in {result.TestDropoutRate:P1} of the test snapshots."));
    }
}
