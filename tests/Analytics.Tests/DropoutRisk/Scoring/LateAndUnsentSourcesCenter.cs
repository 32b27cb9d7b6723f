using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Scoring;

/// <summary>
/// A center of two facilities whose drop never had a family contact (the file is there, header only) and whose FAC02
/// began sending drug screens on 1 October 2025, nine months after its sessions began. The model is trained and promoted
/// on it; scoring on 15 November 2025 raises flags, on all of which outreach is then recorded, and the landmark snapshots
/// are read and trained on again. Then the last day is scored with the promoted model, with a copy that claims to have
/// learnt from family contacts too, and with a copy that records no sources (a model stored before they were recorded).
/// </summary>
public sealed class LateAndUnsentSourcesCenter : PromotedModelCohort
{
    public static readonly DateOnly ScreensFrom = new(2025, 10, 1);

    public static readonly DateOnly MidDay = new(2025, 11, 15);

    public ScoringResult Mid { get; private set; } = null!;

    /// <summary>The landmark snapshots read again after the outreach was recorded, and the model trained on them.</summary>
    public IReadOnlyList<SnapshotFeatures> AfterOutreach { get; private set; } = [];

    public TrainingResult Retrained { get; private set; } = null!;

    public ScoringResult End { get; private set; } = null!;

    public ScoringResult EndClaimingFamily { get; private set; } = null!;

    public ScoringResult EndWithoutSources { get; private set; } = null!;

    protected override int Episodes => 1200;

    protected override void PrepareDrop(string dropFolder)
    {
        var family = Path.Combine(dropFolder, "family_contacts.csv");
        File.WriteAllLines(family, [File.ReadLines(family).First()]);
        var screens = Path.Combine(dropFolder, "drug_screens.csv");
        var lines = File.ReadAllLines(screens);
        var column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        File.WriteAllLines(screens, [lines[0], .. lines.Skip(1).Where(line =>
        {
            var fields = line.Split(',');
            return fields[column["facility_id"]] != "FAC02"
                || DateOnly.Parse(fields[column["collection_date"]], CultureInfo.InvariantCulture) >= ScreensFrom;
        })]);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var scorer = new RiskScorer(Database.DataSource);
        Mid = await scorer.ScoreAsync(MidDay, 5, riskFloor: 0);
        var store = new FlagStore(Database.DataSource);
        var reviewedAt = new DateTimeOffset(2025, 11, 16, 10, 0, 0, TimeSpan.Zero);
        foreach (var flag in Mid.Flags.Where(f => f.IsNew))
        {
            await store.ReviewAsync(new FlagReview(flag.FlagId, FlagStatus.Acknowledged, "counsellor", null, null, null), reviewedAt);
            await store.ReviewAsync(new FlagReview(flag.FlagId, FlagStatus.OutreachDone, "counsellor", null, "phone_call", null), reviewedAt.AddHours(1));
        }

        AfterOutreach = await SnapshotQuery.LoadAsync(Database.DataSource, await SnapshotQuery.LandmarksAsync(Database.DataSource, EndDate, Landmarks.Days), EndDate);
        Retrained = new DropoutModelTrainer().Train(AfterOutreach);

        End = await scorer.ScoreAsync(EndDate, 5, riskFloor: 0);
        var registry = new ModelRegistry(Database.DataSource);
        var claiming = await registry.SaveCandidateAsync(Trained with { Sources = SourceCoverage.ModelSources }, SnapshotQuery.DefaultHorizonDays, EndDate);
        Assert.True(await registry.PromoteAsync(claiming));
        EndClaimingFamily = await scorer.ScoreAsync(EndDate, 5, riskFloor: 0);
        var unrecorded = await registry.SaveCandidateAsync(Trained with { Sources = null }, SnapshotQuery.DefaultHorizonDays, EndDate);
        Assert.True(await registry.PromoteAsync(unrecorded));
        EndWithoutSources = await scorer.ScoreAsync(EndDate, 5, riskFloor: 0);
    }
}

[CollectionDefinition(Name)]
public sealed class LateAndUnsentSourcesCollection : ICollectionFixture<LateAndUnsentSourcesCenter>
{
    public const string Name = "late and unsent sources";
}
