using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// Case-mix adjustment against a known answer. The generator plants a level-of-care effect on unplanned discharge
/// (truth/effects.csv, <c>php_vs_iop</c>: about −0.9 on the log-odds scale for PHP against IOP, the same
/// patient; the intercepts are calibrated per cohort) and sends sicker
/// patients to PHP (more co-occurring disorders and positive intake screens, both raising dropout), so the crude
/// IOP − PHP difference mixes the effect with case mix. The truth file gives each episode's true probability; with
/// the planted effect it gives the probability the same patient would have had in the other level of care, so the
/// true average difference (IOP − PHP over the discharged patients) is known exactly and independently of the
/// weighting code.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class CaseMixRecoveryTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task The_adjusted_dropout_difference_recovers_the_planted_level_of_care_effect_where_the_crude_one_is_confounded()
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-casemix-").FullName;
        try
        {
            var options = new CohortOptions { OutputFolder = folder, Facilities = 3, Months = 24, Episodes = 20_000, Seed = 5 };
            var summary = CohortGenerator.Generate(options);
            await new FolderIngestor(database.DataSource, NullLogger.Instance)
                .IngestAsync(summary.DropFolder, new IngestOptions { Today = options.EndDate });
            var period = ReportingPeriod.TrailingYear(options.EndDate);
            var run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy()).RunAsync(period, null, options.EndDate);

            var plantedLogOdds = PlantedEffect(summary.TruthFolder);
            var truth = TrueAverageDifference(summary.TruthFolder, period, plantedLogOdds);
            var crude = run.Find("dropout", Figure.All, Figure.IopMinusPhp).Single();
            var adjusted = run.Find("dropout_adjusted", Figure.All, Figure.IopMinusPhp).Single();
            output.WriteLine(FormattableString.Invariant(
                $"truth {truth:F4}; crude {crude.Estimate:F4} ({crude.LowerBound:F4} to {crude.UpperBound:F4}); adjusted {adjusted.Estimate:F4} ({adjusted.LowerBound:F4} to {adjusted.UpperBound:F4}) {adjusted.Note}"));

            // Seed 5, 20,000 episodes, facilities beginning about 30%, 19% and 44% of courses in PHP (the generator's
            // default): planted log-odds −0.86; truth 0.163; crude 0.131 (0.111 to 0.150), which misses the truth;
            // adjusted 0.161 (0.142 to 0.181).
            Assert.InRange(plantedLogOdds, -1.0, -0.6);
            Assert.InRange(truth, adjusted.LowerBound!.Value, adjusted.UpperBound!.Value);
            Assert.InRange(adjusted.Estimate!.Value - truth, -0.02, 0.02);
            Assert.True(Math.Abs(crude.Estimate!.Value - truth) > Math.Abs(adjusted.Estimate.Value - truth) + 0.01,
                "the crude difference should be visibly confounded");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double PlantedEffect(string truthFolder)
    {
        var lines = File.ReadAllLines(Path.Combine(truthFolder, "effects.csv"));
        var row = lines.Select(l => l.Split(',')).Single(c => c[0] == "unplanned_discharge" && c[1] == "php_vs_iop");
        return double.Parse(row[2], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The mean, over IOP and PHP episodes discharged in the period, of the true probability of an unplanned
    /// discharge in IOP minus that in PHP for the same patient: logit p(PHP) = logit p(IOP) + the planted effect.
    /// </summary>
    private static double TrueAverageDifference(string truthFolder, ReportingPeriod period, double plantedLogOdds)
    {
        var lines = File.ReadAllLines(Path.Combine(truthFolder, "episodes.csv"));
        var column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        var differences = new List<double>();
        foreach (var fields in lines.Skip(1).Select(l => l.Split(',')))
        {
            var level = fields[column["level_of_care"]];
            var reason = fields[column["recorded_discharge_reason"]];
            if (level is not ("IOP" or "PHP") || reason.Length == 0)
            {
                continue;
            }

            var discharged = DateOnly.Parse(fields[column["planted_discharge_date"]], CultureInfo.InvariantCulture);
            if (discharged < period.Start || discharged > period.End)
            {
                continue;
            }

            var logit = Logit(double.Parse(fields[column["true_dropout_probability"]], CultureInfo.InvariantCulture));
            var (iop, php) = level == "IOP" ? (logit, logit + plantedLogOdds) : (logit - plantedLogOdds, logit);
            differences.Add(Expit(iop) - Expit(php));
        }

        return differences.Average();
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    private static double Expit(double x) => 1 / (1 + Math.Exp(-x));
}
