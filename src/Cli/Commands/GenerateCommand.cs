using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Synthetic.Cohort;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes generate --out DIR</c>: a synthetic cohort with known truth, DIR/drop/ in the data contract's
/// format and DIR/truth/ beside it (see docs/synthetic-data.md).
/// </summary>
internal static class GenerateCommand
{
    /// <summary>Ten million episodes (about 200 million session rows) is past any center's history and this machine's patience.</summary>
    private const int MaxEpisodes = 10_000_000;

    public static Command Create(CliContext context)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder that receives drop/ (to ingest) and truth/ (never ingested).", Required = true };
        var facilities = new Option<int>("--facilities") { Description = "Facilities, each with a PHP, an IOP and an outpatient program.", DefaultValueFactory = _ => CohortOptions.DefaultFacilities };
        var months = new Option<int>("--months") { Description = "Months of admissions, ending at the end date.", DefaultValueFactory = _ => CohortOptions.DefaultMonths };
        var episodes = CliOptions.Checked<int?>("--episodes",
            string.Create(CultureInfo.InvariantCulture, $"Episodes in all, 1 to {MaxEpisodes:N0} (default: {CohortOptions.EpisodesPerFacilityMonth} per facility and month)."),
            required: false, text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxEpisodes
                ? n
                : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"expected a whole number of episodes from 1 to {MaxEpisodes:N0}.")));
        var seed = new Option<int>("--seed") { Description = "The same seed gives byte-identical files.", DefaultValueFactory = _ => CohortOptions.DefaultSeed };
        var dirty = new Option<double>("--dirty") { Description = "Chance that a malformed row follows a clean one, e.g. 0.002; each is listed in truth/dirty_rows.csv.", DefaultValueFactory = _ => 0 };
        var endDate = CliOptions.DataDay("--end-date", $"The last day of the data, YYYY-MM-DD (default {CohortOptions.DefaultEndDate:yyyy-MM-dd}); episodes in care then have no discharge.", context.Today);
        var landmarkRisk = new Option<bool>("--landmark-risk")
        {
            Description = string.Create(CultureInfo.InvariantCulture,
                $"Also write truth/landmark_risk.csv: each PHP and IOP episode's true chance of dropping out within {SnapshotQuery.DefaultHorizonDays} days at the model's landmark days ({string.Join(", ", LandmarkSet.Default.Days)}), given the record up to each. Every other file stays the same."),
        };
        var command = new Command("generate", "Generate a realistic synthetic cohort with known ground truth: a drop folder to ingest and the planted truth beside it.")
        {
            output, facilities, months, episodes, seed, dirty, endDate, landmarkRisk,
        };
        // The settings are the generator's own options; the command adds only their defaults.
        command.SetAction((parse, ct) => RunAsync(context, new CohortOptions
        {
            OutputFolder = parse.GetValue(output)!.FullName,
            Facilities = parse.GetValue(facilities),
            Months = parse.GetValue(months),
            Episodes = parse.GetValue(episodes),
            Seed = parse.GetValue(seed),
            DirtyRate = parse.GetValue(dirty),
            EndDate = parse.GetValue(endDate) ?? CohortOptions.DefaultEndDate,
            LandmarkRiskDays = parse.GetValue(landmarkRisk) ? LandmarkSet.Default.Days : null,
        }, ct));
        return command;
    }

    public static Task<int> RunAsync(CliContext context, CohortOptions options, CancellationToken ct)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new UsageException(string.Join(" ", problems));
        }

        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generating {options.EpisodeCount:N0} episodes at {options.Facilities} facilities, admissions {options.WindowStart:yyyy-MM-dd} to {options.EndDate:yyyy-MM-dd}, seed {options.Seed} ..."));
        var clock = Stopwatch.StartNew();
        var summary = CohortGenerator.Generate(options, new EpisodeProgress(System.Console.Error, options.EpisodeCount), ct);
        Print(context.Output, summary, clock.Elapsed);
        return Task.FromResult(0);
    }

    public static void Print(TextWriter output, CohortSummary summary, TimeSpan elapsed)
    {
        var table = new TextTable("file", "rows", "malformed rows");
        foreach (var file in summary.Files)
        {
            table.Add(file.FileName, file.CleanRows + file.DirtyRows, file.DirtyRows);
        }

        table.Write(output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Patients:N0} patients, {summary.Episodes:N0} episodes, {summary.CleanRows + summary.DirtyRows:N0} rows ({summary.DirtyRows:N0} malformed on purpose) in {elapsed.TotalSeconds:F1} s"));
        output.WriteLine($"Drop folder (ingest this):  {summary.DropFolder}");
        output.WriteLine($"Ground truth (never ingest): {summary.TruthFolder}");
        output.WriteLine("  episodes.csv    true dropout probability and planted ending of every episode");
        output.WriteLine("  effects.csv     the planted effects (log odds and odds ratios) and their sources");
        output.WriteLine("  dirty_rows.csv  file, line and kind of every malformed row the ingest must quarantine");
        output.WriteLine("  cohort.csv      the settings and the row counts of each file");
        if (File.Exists(Path.Combine(summary.TruthFolder, "landmark_risk.csv")))
        {
            output.WriteLine("  landmark_risk.csv  true dropout risk at each landmark day, given the record up to it");
        }
    }

    /// <summary>Prints the episodes generated so far at most every two seconds (large cohorts take a while).</summary>
    private sealed class EpisodeProgress(TextWriter writer, long total) : IProgress<long>
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
        private readonly Stopwatch _sinceLast = Stopwatch.StartNew();

        public void Report(long value)
        {
            if (_sinceLast.Elapsed < Interval)
            {
                return;
            }

            _sinceLast.Restart();
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {value:N0} of {total:N0} episodes"));
        }
    }
}
