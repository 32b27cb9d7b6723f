using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Tests.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Registry;

[Collection(PromotedModelCollection.Name)]
public sealed class PromotionCheckTests(PromotedModelCohort cohort)
{
    [Fact]
    public async Task A_candidate_trained_the_same_way_on_the_same_data_is_at_least_as_good_with_equal_figures()
    {
        var registry = new ModelRegistry(cohort.Database.DataSource);
        var twin = await registry.SaveCandidateAsync(new DropoutModelTrainer().Train(cohort.Snapshots), SnapshotQuery.DefaultHorizonDays, cohort.EndDate);

        var verdict = await new PromotionCheck(cohort.Database.DataSource).CheckAsync(twin);

        Assert.True(verdict.AtLeastAsGood, verdict.Reason);
        Assert.Equal(cohort.PromotedId, verdict.PromotedId);
        Assert.True(verdict.Rows > 100);
        Assert.Equal(verdict.PromotedAuroc!.Value, verdict.CandidateAuroc!.Value, 12);
        Assert.Equal(verdict.PromotedBrier!.Value, verdict.CandidateBrier!.Value, 12);
    }

    [Fact]
    public async Task A_candidate_trained_on_scrambled_outcomes_stays_a_candidate()
    {
        // The same snapshots with each outcome moved to another row: the model learns nothing real.
        var outcomes = cohort.Snapshots.Select(s => s.DroppedOutWithinHorizon).ToArray();
        new Random(3).Shuffle(outcomes);
        var scrambled = cohort.Snapshots.Select((s, i) => s with { DroppedOutWithinHorizon = outcomes[i] }).ToList();
        var registry = new ModelRegistry(cohort.Database.DataSource);
        var noise = await registry.SaveCandidateAsync(new DropoutModelTrainer().Train(scrambled), SnapshotQuery.DefaultHorizonDays, cohort.EndDate);

        var verdict = await new PromotionCheck(cohort.Database.DataSource).CheckAsync(noise);

        Assert.False(verdict.AtLeastAsGood);
        Assert.True(verdict.CandidateAuroc < verdict.PromotedAuroc - PromotionCheck.AurocMargin, $"{verdict.CandidateAuroc} against {verdict.PromotedAuroc}");
        Assert.Equal($"AUROC more than {PromotionCheck.AurocMargin} below the promoted model's", verdict.Reason);
    }

    [Fact]
    public async Task Only_a_candidate_can_be_checked()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new PromotionCheck(cohort.Database.DataSource).CheckAsync(cohort.PromotedId));

        Assert.Equal($"model: {cohort.PromotedId} is not a candidate (see 'outcomes model list').", refused.Message);
    }
}
