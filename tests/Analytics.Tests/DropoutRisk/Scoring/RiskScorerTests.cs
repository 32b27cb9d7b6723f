using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Scoring;

/// <summary>A generated cohort, a model trained and promoted on it, and the patients in care on its last day scored.</summary>
public sealed class RiskScorerTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const int Capacity = 5;
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-scoring-").FullName;
    private CohortOptions _options = null!;
    private ScoringResult _result = null!;
    private string _truthFolder = "";

    public async Task InitializeAsync()
    {
        _options = new CohortOptions { OutputFolder = _folder, Facilities = 2, Months = 18, Episodes = 1800, Seed = 5 };
        var summary = CohortGenerator.Generate(_options);
        _truthFolder = summary.TruthFolder;
        await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(summary.DropFolder, new IngestOptions { Today = _options.EndDate });
        var snapshots = await SnapshotQuery.LoadAsync(database.DataSource, await SnapshotQuery.LandmarksAsync(database.DataSource, _options.EndDate), _options.EndDate);
        var registry = new ModelRegistry(database.DataSource);
        var id = await registry.SaveCandidateAsync(new DropoutModelTrainer().Train(snapshots), SnapshotQuery.DefaultHorizonDays, _options.EndDate);
        Assert.True(await registry.PromoteAsync(id));
        _result = await new RiskScorer(database.DataSource).ScoreAsync(_options.EndDate, Capacity);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Every_iop_and_php_patient_in_care_on_the_day_is_scored_as_the_generator_recorded_them()
    {
        var lines = File.ReadAllLines(Path.Combine(_truthFolder, "episodes.csv"));
        var column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        var inCare = lines.Skip(1).Select(l => l.Split(','))
            .Count(t => t[column["level_of_care"]] is "IOP" or "PHP" && t[column["recorded_discharge_reason"]].Length == 0);

        Assert.True(inCare > 2 * Capacity);
        Assert.Equal(inCare, _result.Scored);
    }

    [Fact]
    public async Task Each_facility_flags_its_highest_risks_up_to_the_teams_capacity()
    {
        Assert.Equal(2 * Capacity, _result.Flagged);
        var lowestFlagged = await database.QueryAsync<(string Facility, double Lowest, double HighestUnflagged)>("""
            select e.facility_id, min(r.probability) filter (where r.flagged), coalesce(max(r.probability) filter (where not r.flagged), 0)
            from risk_score r join episode e on e.episode_key = r.episode_key where r.model_id = @ModelId group by e.facility_id
            """, new { _result.ModelId });
        Assert.All(lowestFlagged, f => Assert.True(f.Lowest >= f.HighestUnflagged, $"{f.Facility}: {f.Lowest} < {f.HighestUnflagged}"));
        Assert.Equal(Enumerable.Range(1, Capacity), _result.Flags.Where(f => f.FacilityId == _result.Flags[0].FacilityId).Select(f => f.Rank));
    }

    [Fact]
    public void Flags_carry_reasons_a_counsellor_can_act_on()
    {
        Assert.Contains(_result.Flags, f => f.Reasons.Count > 0);
        Assert.All(_result.Flags.SelectMany(f => f.Reasons), reason => Assert.DoesNotContain("episode", reason, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Scoring_the_same_day_again_replaces_its_scores()
    {
        var again = await new RiskScorer(database.DataSource).ScoreAsync(_options.EndDate, Capacity);

        Assert.Equal(_result.Scored, again.Scored);
        Assert.Equal(_result.Scored, await database.ScalarAsync<long>(
            "select count(*) from risk_score where scored_on = @Day and model_id = @ModelId", new { Day = _options.EndDate, _result.ModelId }));
        Assert.Equal(_result.Flags.Select(f => (f.EpisodeKey, f.Probability)), again.Flags.Select(f => (f.EpisodeKey, f.Probability)));
    }
}
