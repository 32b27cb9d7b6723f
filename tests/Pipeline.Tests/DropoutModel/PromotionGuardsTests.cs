using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Pipeline.DropoutModel;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;

namespace Outcomes.Pipeline.Tests.DropoutModel;

/// <summary>
/// The guards a model must pass before any promotion, on a cohort of 28 episodes (fewer than 100 training snapshots at
/// the whole stay's landmarks): too small for the boosted trees (at least 50 rows a leaf) to learn anything, as the
/// first model of an empty registry.
/// </summary>
public sealed class PromotionGuardsTests
{
    [Fact]
    public async Task A_tiny_cohort_where_the_trees_learn_nothing_is_stored_as_failed_with_its_reasons_and_not_promoted_even_as_the_first_model()
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-guards-").FullName;
        var database = new TestDatabase();
        await database.InitializeAsync();
        try
        {
            var options = new CohortOptions { OutputFolder = folder, Facilities = 1, Months = 12, Episodes = 28, Seed = 3 };
            var cohort = CohortGenerator.Generate(options);
            await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(cohort.DropFolder, new IngestOptions { Today = options.EndDate });

            var outcome = await new TrainAndPromote(database.DataSource).RunAsync(new TrainingRequest { Promotion = PromotionRule.IfNonePromoted });

            Assert.Equal(TrainingDecision.Trained, outcome.Decision);
            var result = outcome.Result!;
            Assert.True(result.TrainingRows < 100, $"{result.TrainingRows} training rows");
            // The trees learnt nothing: one risk for everyone. (The test slice, half the few patients new after the
            // cut-off, may hold a single outcome, so its AUROC is 0.5 or not defined.)
            var snapshots = await SnapshotQuery.LoadAsync(database.DataSource, await SnapshotQuery.LandmarksAsync(database.DataSource, options.EndDate), options.EndDate);
            Assert.Single(new ScoringModel(result.ModelBytes, null).Predict(snapshots).Distinct());
            var auroc = result.Evaluations.Single(e => e.Model == DropoutModelTrainer.GradientBoosted).Auroc;
            Assert.True(double.IsNaN(auroc) || Math.Abs(auroc - 0.5) < 1e-6, $"AUROC {auroc}");
            Assert.False(outcome.Promoted);
            Assert.Null(await new ModelRegistry(database.DataSource).PromotedIdAsync());
            var failures = outcome.Promotion!.GuardFailures;
            Assert.Contains(failures, f => f.StartsWith("too few events: ", StringComparison.Ordinal));
            Assert.Contains(failures, f => f.StartsWith("too few events per variable: ", StringComparison.Ordinal));
            Assert.Contains(failures, f => f.StartsWith("no better than a constant: AUROC ", StringComparison.Ordinal));
            Assert.Equal($"model {outcome.ModelId} trained on {result.TrainingRows:N0} snapshots failed its guards and is not promoted: {string.Join("; ", failures)}", outcome.Summary);
            Assert.Equal(failures, await new ModelRegistry(database.DataSource).GuardFailuresAsync(outcome.ModelId!.Value));
            var stored = Assert.Single(await new ModelRegistry(database.DataSource).ListAsync());
            Assert.Equal((ModelStatus.Candidate, true), (stored.Status, stored.FailedGuards));

            var forced = await new ModelPromotion(database.DataSource).PromoteAsync(outcome.ModelId.Value, force: true);
            Assert.False(forced.Promoted);
            Assert.Equal(failures, forced.GuardFailures);
            Assert.Null(await new ModelRegistry(database.DataSource).PromotedIdAsync());
        }
        finally
        {
            await database.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
