using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// The period analysis on a generated cohort, checked against the generator's own record of what it wrote
/// (truth/episodes.csv): the discharge figures must count exactly the episodes the truth file says were
/// discharged in the period, by level of care and reason.
/// </summary>
public sealed class GeneratedCohortTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-cohort-").FullName;
    private CohortOptions _options = null!;
    private AnalysisRun _run = null!;
    private List<string[]> _truth = null!;
    private Dictionary<string, int> _column = null!;

    public async Task InitializeAsync()
    {
        _options = new CohortOptions { OutputFolder = _folder, Facilities = 2, Months = 18, Episodes = 1500, Seed = 11 };
        var summary = CohortGenerator.Generate(_options);
        var ingest = await new FolderIngestor(database.DataSource, NullLogger.Instance)
            .IngestAsync(summary.DropFolder, new IngestOptions { Today = _options.EndDate });
        Assert.All(ingest.Files, f => Assert.Equal(0, f.RowsQuarantined));
        _run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy())
            .RunAsync(ReportingPeriod.TrailingYear(_options.EndDate), null, _options.EndDate);

        var lines = File.ReadAllLines(Path.Combine(summary.TruthFolder, "episodes.csv"));
        _column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        _truth = [.. lines.Skip(1).Select(l => l.Split(','))];
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("IOP", "completion", new[] { "completed" })]
    [InlineData("PHP", "completion", new[] { "completed" })]
    [InlineData("IOP", "dropout", new[] { "dropped_out", "left_against_advice", "administrative" })]
    [InlineData("PHP", "transfer", new[] { "transferred" })]
    public void Discharge_figures_count_exactly_the_discharges_the_generator_recorded(string level, string metric, string[] reasons)
    {
        var period = ReportingPeriod.TrailingYear(_options.EndDate);
        var discharged = _truth.Where(t => t[_column["level_of_care"]] == level && t[_column["recorded_discharge_reason"]].Length > 0
                                           && DateOnly.Parse(t[_column["planted_discharge_date"]], System.Globalization.CultureInfo.InvariantCulture) is var d
                                           && d >= period.Start && d <= period.End).ToList();
        var events = discharged.Count(t => reasons.Contains(t[_column["recorded_discharge_reason"]]));

        var figure = _run.Find(metric, Figure.All, level.ToLowerInvariant()).Single();

        Assert.True(discharged.Count > 50, $"only {discharged.Count} {level} discharges in the period");
        Assert.Equal(((double)events, (double)discharged.Count), (figure.Numerator!.Value, figure.Denominator!.Value));
    }
}
