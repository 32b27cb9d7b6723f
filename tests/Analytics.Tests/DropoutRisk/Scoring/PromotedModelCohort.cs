using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Scoring;

/// <summary>A generated cohort in its own database, with a dropout model trained and promoted on it (once per test class).</summary>
public class PromotedModelCohort : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-scoring-").FullName;

    public TestDatabase Database { get; } = new();

    public DateOnly EndDate { get; private set; }

    public string TruthFolder { get; private set; } = "";

    public IReadOnlyList<SnapshotFeatures> Snapshots { get; private set; } = [];

    public long PromotedId { get; private set; }

    /// <summary>The promoted model as trained, with everything its card is built from.</summary>
    public TrainingResult Trained { get; private set; } = null!;

    /// <summary>The landmark days the model is trained on: the default set, unless a fixture asks for another.</summary>
    protected virtual LandmarkSet Landmarks => LandmarkSet.Default;

    /// <summary>Facilities in the generated cohort.</summary>
    protected virtual int Facilities => 2;

    /// <summary>Episodes in the generated cohort.</summary>
    protected virtual int Episodes => 1800;

    /// <summary>The cohort to generate into <paramref name="folder"/>: eighteen months of <see cref="Facilities"/> and <see cref="Episodes"/>.</summary>
    protected virtual CohortOptions Cohort(string folder) =>
        new() { OutputFolder = folder, Facilities = Facilities, Months = 18, Episodes = Episodes, Seed = 5 };

    /// <summary>Changes the generated drop folder before it is loaded (a fixture's own center): nothing by default.</summary>
    protected virtual void PrepareDrop(string dropFolder)
    {
    }

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var options = Cohort(_folder);
        EndDate = options.EndDate;
        var summary = CohortGenerator.Generate(options);
        TruthFolder = summary.TruthFolder;
        PrepareDrop(summary.DropFolder);
        await new FolderIngestor(Database.DataSource, NullLogger.Instance).IngestAsync(summary.DropFolder, new IngestOptions { Today = EndDate });
        Snapshots = await SnapshotQuery.LoadAsync(Database.DataSource, await SnapshotQuery.LandmarksAsync(Database.DataSource, EndDate, Landmarks.Days), EndDate);
        var registry = new ModelRegistry(Database.DataSource);
        Trained = new DropoutModelTrainer().Train(Snapshots);
        PromotedId = await registry.SaveCandidateAsync(Trained, SnapshotQuery.DefaultHorizonDays, EndDate);
        Assert.True(await registry.PromoteAsync(PromotedId));
    }

    public virtual async Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        await Database.DisposeAsync();
    }

    /// <summary>The truth file's rows by episode id: level, recorded discharge reason, planted discharge date.</summary>
    public IReadOnlyDictionary<string, (string Level, string Reason, DateOnly? Discharged)> Truth()
    {
        var lines = File.ReadAllLines(Path.Combine(TruthFolder, "episodes.csv"));
        var column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(
            t => t[column["episode_id"]],
            t => (t[column["level_of_care"]], t[column["recorded_discharge_reason"]],
                  t[column["recorded_discharge_reason"]].Length == 0 ? (DateOnly?)null
                      : DateOnly.Parse(t[column["planted_discharge_date"]], System.Globalization.CultureInfo.InvariantCulture)));
    }
}

/// <summary>Test classes that only read the promoted model's cohort (or add candidates) share one.</summary>
[CollectionDefinition(Name)]
public sealed class PromotedModelCollection : ICollectionFixture<PromotedModelCohort>
{
    public const string Name = "promoted model cohort";
}
