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

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// Two facilities, whose drop has every file, but FAC02's drug screens stop 45 days before the end of the year
/// analysed: FAC02's screen figures say how far its screens run, the pooled ones name FAC02, and nothing else is
/// marked (FAC01's screens, FAC02's attendance).
/// </summary>
public sealed class SourceDataThroughNotesTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly string[] ScreenMetrics = ["positive_screen_per_screen", "positive_screen_per_patient", "positive_screen_per_week_tested"];

    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-source-notes-").FullName;
    private AnalysisRun _run = null!;
    private DateOnly _fac02ScreensThrough;

    public async Task InitializeAsync()
    {
        var options = new CohortOptions { OutputFolder = _folder, Facilities = 2, Months = 12, Episodes = 700, Seed = 17 };
        var summary = CohortGenerator.Generate(options);
        var stop = options.EndDate.AddDays(-45);
        var path = Path.Combine(summary.DropFolder, "drug_screens.csv");
        var lines = File.ReadAllLines(path);
        var column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        File.WriteAllLines(path, [lines[0], .. lines.Skip(1).Where(line =>
        {
            var fields = line.Split(',');
            return fields[column["facility_id"]] != "FAC02" || DateOnly.Parse(fields[column["collection_date"]], CultureInfo.InvariantCulture) <= stop;
        })]);
        await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(summary.DropFolder, new IngestOptions { Today = options.EndDate });
        _fac02ScreensThrough = await database.ScalarAsync<DateOnly>("select max(collected_on) from drug_screen where facility_id = 'FAC02'");
        _run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy()).RunAsync(ReportingPeriod.TrailingYear(options.EndDate), null, options.EndDate);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Screen_figures_of_a_facility_whose_screens_stop_mid_period_say_how_far_they_run()
    {
        var note = $"drug screens through {_fac02ScreensThrough:yyyy-MM-dd}";
        var fac02 = _run.Figures.Where(f => f.FacilityId == "FAC02" && (ScreenMetrics.Contains(f.Metric) || f.Metric == "free_of_positive_screen")).ToList();

        Assert.NotEmpty(fac02);
        Assert.All(fac02, f => Assert.Contains(note, f.Note));
        Assert.All(_run.Figures.Where(f => f.FacilityId == Figure.All && ScreenMetrics.Contains(f.Metric)),
            f => Assert.Contains($"drug screens of FAC02 through {_fac02ScreensThrough:yyyy-MM-dd}", f.Note));
    }

    [Fact]
    public void Figures_of_sources_that_reach_the_period_end_are_not_marked()
    {
        Assert.All(_run.Figures.Where(f => f.FacilityId == "FAC01" && ScreenMetrics.Contains(f.Metric)), f => Assert.DoesNotContain("through", f.Note ?? ""));
        Assert.All(_run.Figures.Where(f => f.Metric is "no_show" or "asam_weeks_met" or "family_involvement"),
            f => Assert.DoesNotContain(" through ", f.Note ?? ""));
        Assert.Contains(_run.Figures, f => f.FacilityId == "FAC02" && f.Metric == "no_show");
    }
}
