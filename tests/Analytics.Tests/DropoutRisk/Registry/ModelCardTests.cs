using System.Globalization;
using System.Text.Json;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.Tests.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Registry;

[Collection(PromotedModelCollection.Name)]
public sealed class ModelCardTests(PromotedModelCohort cohort)
{
    [Fact]
    public async Task The_registry_keeps_a_model_card_with_the_figures_stored_for_the_model()
    {
        var card = await new ModelRegistry(cohort.Database.DataSource).LoadCardAsync(cohort.PromotedId);
        using var metrics = JsonDocument.Parse(await cohort.Database.ScalarAsync<string>(
            "select metrics::text from dropout_model where model_id = @Id", new { Id = cohort.PromotedId }));
        var boosted = metrics.RootElement.GetProperty("evaluations")[0];

        Assert.NotNull(card);
        Assert.StartsWith($"# Model card: early-dropout risk model {cohort.PromotedId}\n", card, StringComparison.Ordinal);
        foreach (var section in new[] { "## Intended use [3, 5]", "## Data [5, 6, 8]", "## Predictors [7]", "## Performance on later admissions [23]", "## Performance by group of patients [23a]", "## Limitations [27]" })
        {
            Assert.Contains(section, card, StringComparison.Ordinal);
        }

        Assert.Contains(boosted.GetProperty("auroc").GetDouble().ToString("F3", CultureInfo.InvariantCulture), card, StringComparison.Ordinal);
        Assert.Contains("| sex | female |", card, StringComparison.Ordinal);
        Assert.Contains("must never be used to deny", card, StringComparison.Ordinal);
        Assert.Contains($"Guards before promotion: {metrics.RootElement.GetProperty("training_events").GetInt32():N0} unplanned discharges in the training rows", card, StringComparison.Ordinal);
        Assert.Contains("Passed: the model may be promoted.", card, StringComparison.Ordinal);
        Assert.Equal(0, metrics.RootElement.GetProperty("guard_failures").GetArrayLength());
    }
}
