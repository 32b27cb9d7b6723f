using System.CommandLine;
using System.Diagnostics;
using Outcomes.Cli.Console;
using Outcomes.Database.Embedded;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes demo</c>: the whole pipeline with no configuration: generate a synthetic cohort with known truth
/// into .outcomes/demo (a few malformed rows planted on purpose), start the database, migrate, ingest, and say
/// where everything is. The cohort is the same every time, so a second run skips every file.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Three facilities, two years, 40 episodes a facility and month: generates and ingests in seconds.</summary>
    public static CohortOptions Cohort(string folder) => new()
    {
        OutputFolder = folder,
        Facilities = CohortOptions.DefaultFacilities,
        Months = CohortOptions.DefaultMonths,
        Seed = CohortOptions.DefaultSeed,
        EndDate = CohortOptions.DefaultEndDate,
        // About one row in 500 malformed, so quarantine has something to show.
        DirtyRate = 0.002,
    };

    public static string DemoFolder => Path.Combine(EmbeddedCluster.LocateHome(), "demo");

    public static Command Create(CliContext context)
    {
        var command = new Command("demo", "Generate a synthetic cohort with known truth into .outcomes/demo, ingest it, and show where everything is.");
        command.SetAction(async (_, ct) =>
        {
            var options = Cohort(DemoFolder);
            var o = context.Output;
            o.WriteLine($"Outcomes demo: generating a synthetic cohort ({options.EpisodeCount:N0} episodes, {options.Facilities} facilities, admissions {options.WindowStart:yyyy-MM-dd} to {options.EndDate:yyyy-MM-dd}, seed {options.Seed})");
            var clock = Stopwatch.StartNew();
            var summary = CohortGenerator.Generate(options, cancellationToken: ct);
            o.WriteLine($"  {summary.CleanRows + summary.DirtyRows:N0} rows in {clock.Elapsed.TotalSeconds:F1} s, {summary.DirtyRows:N0} of them malformed on purpose");
            o.WriteLine();

            // The cohort ends on a fixed date; should this machine's clock be behind it, its dates are still not "future".
            var today = context.Today > options.EndDate ? context.Today : options.EndDate;
            await using var dataSource = await context.OpenDatabaseAsync(ct);
            var result = await new FolderIngestor(dataSource, context.Logger)
                .IngestAsync(summary.DropFolder, new IngestOptions { Today = today }, new ProgressPrinter(System.Console.Error), ct);
            IngestCommand.Print(o, result);
            o.WriteLine();
            o.WriteLine("Where everything is:");
            o.WriteLine($"  drop folder (ingested):        {summary.DropFolder}");
            o.WriteLine($"  ground truth (never ingested): {summary.TruthFolder}");
            o.WriteLine("    episodes.csv    true dropout probability and planted ending of every episode");
            o.WriteLine("    effects.csv     the planted effects on dropout, with their sources (docs/synthetic-data.md)");
            o.WriteLine("    dirty_rows.csv  every malformed row: quarantine should hold exactly these");
            o.WriteLine("  load ledger:                   outcomes batches");
            o.WriteLine("  quarantined rows:              outcomes quarantine list");
            o.WriteLine($"  outcome figures:               outcomes analyze --period 12m:{options.EndDate:yyyy-MM}");
            o.WriteLine();
            o.WriteLine("Run it again: the same seed gives the same files, each recognised by its SHA-256 and skipped.");
            return result.AnyRejected ? IngestCommand.FileRejectedExitCode : 0;
        });
        return command;
    }
}
