using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Registry;

public sealed class ModelRegistryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static TrainingResult Trained(double auroc) => new(
        [1, 2, 3],
        new DateOnly(2026, 5, 1),
        700,
        300,
        0.2,
        [new ModelEvaluation(DropoutModelTrainer.GradientBoosted, 300, auroc, new Interval(auroc - 0.05, auroc + 0.05), 0.4, new Interval(0.3, 0.5), 0.15, 1.0, 0.0, [])], [], []);

    [Fact]
    public async Task Promoting_a_candidate_retires_the_model_promoted_before_it()
    {
        var registry = new ModelRegistry(database.DataSource);
        var first = await registry.SaveCandidateAsync(Trained(0.74), 30, new DateOnly(2026, 11, 1));
        var second = await registry.SaveCandidateAsync(Trained(0.78), 30, new DateOnly(2026, 11, 20));

        Assert.True(await registry.PromoteAsync(first));
        Assert.True(await registry.PromoteAsync(second));

        var models = (await registry.ListAsync()).Where(m => m.ModelId == first || m.ModelId == second).ToDictionary(m => m.ModelId);
        Assert.Equal((ModelStatus.Retired, ModelStatus.Promoted), (models[first].Status, models[second].Status));
        Assert.Equal(0.78, models[second].Auroc!.Value, 10);
        Assert.Equal(second, (await registry.LoadPromotedAsync())!.Value.ModelId);
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from dropout_model where status = 'promoted'"));
    }

    [Fact]
    public async Task Each_status_is_stored_as_the_text_the_registry_table_allows_and_read_back_as_itself()
    {
        var check = await database.ScalarAsync<string>("""
            select pg_get_constraintdef(c.oid) from pg_constraint c
            where c.conrelid = 'dropout_model'::regclass and c.contype = 'c' and pg_get_constraintdef(c.oid) like '%status%'
            """);

        Assert.All(Enum.GetValues<ModelStatus>(), status =>
        {
            Assert.Contains($"'{status.ToText()}'", check, StringComparison.Ordinal);
            Assert.Equal(status, ModelStatusText.Parse(status.ToText()));
        });
        Assert.Equal(["candidate", "promoted", "retired"], Enum.GetValues<ModelStatus>().Select(s => s.ToText()));
    }

    [Fact]
    public async Task A_retired_model_cannot_be_promoted_again_and_retiring_twice_changes_nothing()
    {
        var registry = new ModelRegistry(database.DataSource);
        var model = await registry.SaveCandidateAsync(Trained(0.7), 30, new DateOnly(2026, 11, 1));

        Assert.True(await registry.RetireAsync(model));
        Assert.False(await registry.RetireAsync(model));
        Assert.False(await registry.PromoteAsync(model));
    }
}
