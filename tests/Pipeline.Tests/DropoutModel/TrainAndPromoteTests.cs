using Outcomes.Pipeline.DropoutModel;
using Outcomes.TestSupport;

namespace Outcomes.Pipeline.Tests.DropoutModel;

/// <summary>
/// Train → store → promote, as <c>outcomes model train</c>, the demo and the weekly retraining ask for it. Each test
/// starts from an empty registry on the same loaded cohort.
/// </summary>
public sealed class TrainAndPromoteTests(IngestedCohort cohort) : IClassFixture<IngestedCohort>
{
    [Fact]
    public async Task The_first_model_is_promoted_by_the_comparison_and_a_second_request_on_the_same_data_trains_nothing()
    {
        await EmptyRegistryAsync();
        var request = new TrainingRequest { OncePerDataThrough = true, Promotion = PromotionRule.IfAtLeastAsGood };
        var announced = new List<(int Snapshots, DateOnly Through)>();

        var first = await new TrainAndPromote(cohort.Analyst).RunAsync(request, (n, day) => announced.Add((n, day)));
        var second = await new TrainAndPromote(cohort.Analyst).RunAsync(request, (n, day) => announced.Add((n, day)));

        Assert.Equal(TrainingDecision.Trained, first.Decision);
        Assert.Equal(cohort.DataThrough, first.DataThrough);
        Assert.True(first.Promoted);
        Assert.NotNull(first.Promotion!.Verdict);
        Assert.Null(first.Promotion.Verdict!.PromotedId);
        Assert.StartsWith($"model {first.ModelId} trained on {first.Result!.TrainingRows:N0} snapshots and promoted (", first.Summary, StringComparison.Ordinal);
        var (snapshots, through) = Assert.Single(announced);
        Assert.Equal(cohort.DataThrough, through);
        Assert.True(snapshots >= first.Result.TrainingRows + first.Result.TestRows, $"{snapshots} landmark snapshots announced, more rows trained and tested");

        Assert.Equal(TrainingDecision.AlreadyTrained, second.Decision);
        Assert.Equal(first.ModelId, second.ModelId);
        Assert.Equal($"model {first.ModelId} was already trained on the data through {cohort.DataThrough:yyyy-MM-dd}", second.Summary);
        Assert.Equal([(first.ModelId!.Value, "promoted")], await ModelsAsync());
    }

    [Fact]
    public async Task The_model_is_judged_at_the_risk_floor_and_capacity_the_request_gives()
    {
        await EmptyRegistryAsync();

        var trained = await new TrainAndPromote(cohort.Analyst).RunAsync(new TrainingRequest { OperatingPoint = new(0.25, 3) });
        var card = await cohort.Database.ScalarAsync<string>("select model_card from dropout_model where model_id = @Id", new { Id = trained.ModelId });

        Assert.Equal(new Outcomes.Analytics.DropoutRisk.Evaluation.OperatingPoint(0.25, 3), trained.Result!.OperatingPoint);
        Assert.Contains(0.25, trained.Result.Thresholds.Select(t => t.Threshold));
        Assert.Contains("no flag below a risk of 25 %, at most 3 new flags a facility in any 7 days", card, StringComparison.Ordinal);
        Assert.Contains("| 25 % (risk floor) |", card, StringComparison.Ordinal);
        Assert.True(trained.Result.Fairness[0].Flagged <= trained.Result.Thresholds.Single(t => t.Threshold == 0.25).Flagged);
    }

    [Fact]
    public async Task Retraining_waits_until_enough_iop_and_php_episodes_have_ended_since_the_promoted_model_s_data()
    {
        await EmptyRegistryAsync();
        var earlier = cohort.DataThrough.AddDays(-90);
        var old = await new TrainAndPromote(cohort.Analyst).RunAsync(new TrainingRequest { DataThrough = earlier, Promotion = PromotionRule.IfAtLeastAsGood });
        Assert.True(old.Promoted);
        // Counted here independently: episodes of the two levels of care discharged after the old data, up to the new.
        var ended = (int)await cohort.Database.ScalarAsync<long>("""
            select count(*) from episode e join program p using (program_key)
            where p.level_of_care in ('iop', 'php') and e.discharged_on > @Earlier and e.discharged_on <= @Through
            """, new { Earlier = earlier, Through = cohort.DataThrough });
        Assert.True(ended > 0);

        var waiting = await new TrainAndPromote(cohort.Analyst).RunAsync(new TrainingRequest { MinimumNewDischarges = ended + 1, Promotion = PromotionRule.IfAtLeastAsGood });
        var trained = await new TrainAndPromote(cohort.Analyst).RunAsync(new TrainingRequest { MinimumNewDischarges = ended, Promotion = PromotionRule.IfAtLeastAsGood });

        Assert.Equal(TrainingDecision.Waiting, waiting.Decision);
        Assert.Equal(ended, waiting.NewDischarges);
        Assert.Equal($"{ended} IOP/PHP episodes ended since model {old.ModelId}'s data (through {earlier:yyyy-MM-dd}); retraining waits for {ended + 1}", waiting.Summary);
        Assert.Equal(TrainingDecision.Trained, trained.Decision);
        Assert.Equal(ended, trained.NewDischarges);
        Assert.Equal(old.ModelId, trained.Promotion!.Verdict!.PromotedId);
        Assert.Equal(trained.Promotion.Verdict.AtLeastAsGood, trained.Promoted);
        Assert.Equal(2, (await ModelsAsync()).Count);
    }

    [Fact]
    public async Task A_candidate_for_a_person_to_promote_stays_one_and_the_demo_s_rule_promotes_only_when_none_is_promoted()
    {
        await EmptyRegistryAsync();
        var workflow = new TrainAndPromote(cohort.Analyst);

        var manual = await workflow.RunAsync(new TrainingRequest { Promotion = PromotionRule.Never });
        var demoFirst = await workflow.RunAsync(new TrainingRequest { Promotion = PromotionRule.IfNonePromoted });
        var demoAgain = await workflow.RunAsync(new TrainingRequest { Promotion = PromotionRule.IfNonePromoted });

        Assert.Null(manual.Promotion);
        Assert.True(demoFirst.Promoted);
        Assert.Null(demoFirst.Promotion!.Verdict);
        Assert.False(demoAgain.Promoted);
        Assert.EndsWith("stays a candidate: another model is promoted", demoAgain.Summary, StringComparison.Ordinal);
        Assert.Equal(
            [(demoAgain.ModelId!.Value, "candidate"), (demoFirst.ModelId!.Value, "promoted"), (manual.ModelId!.Value, "candidate")],
            await ModelsAsync());
    }

    [Fact]
    public async Task With_nothing_loaded_nothing_is_trained()
    {
        var empty = new TestDatabase();
        await empty.InitializeAsync();
        try
        {
            var outcome = await new TrainAndPromote(empty.DataSource).RunAsync(new TrainingRequest { Promotion = PromotionRule.IfAtLeastAsGood });

            Assert.Equal((TrainingDecision.NothingLoaded, "no episodes are loaded yet"), (outcome.Decision, outcome.Summary));
            Assert.Equal(0, await empty.ScalarAsync<long>("select count(*) from dropout_model"));
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }

    private Task EmptyRegistryAsync() => cohort.Database.ScalarAsync<long>("with gone as (delete from dropout_model returning 1) select count(*) from gone");

    private async Task<IReadOnlyList<(long, string)>> ModelsAsync() =>
        await cohort.Database.QueryAsync<(long, string)>("select model_id, status from dropout_model order by model_id desc");
}
