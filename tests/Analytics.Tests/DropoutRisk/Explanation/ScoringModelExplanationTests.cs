using Microsoft.ML;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Synthetic.Snapshots;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Explanation;

/// <summary>Explaining real ML.NET models through <see cref="ScoringModel.Explain"/>, on snapshots drawn from a known risk model.</summary>
public sealed class ScoringModelExplanationTests
{
    private static readonly IReadOnlyList<SnapshotFeatures> Rows = KnownRiskSnapshots.Generate(800, seed: 3).Snapshots;

    [Fact]
    public void A_logistic_regression_is_explained_by_centred_coefficients_that_add_up_to_its_log_odds()
    {
        // The trainer's own feature pipeline with its logistic regression at the end.
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows.Select(ModelInput.From));
        var model = ml.Transforms.Categorical.OneHotEncoding([new("FacilityCode", "Facility"), new("ReferralCode", "Referral")])
            .Append(ml.Transforms.Concatenate("Features", "Numeric", "FacilityCode", "ReferralCode"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())
            .Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);

        // Stored without a basis: the scored rows stand in for the training rows, so each feature's contributions
        // are centred on these rows and sum to zero over them.
        var explanations = new ScoringModel(stream.ToArray(), null).Explain(Rows);

        Assert.All(explanations, e => Assert.True(Math.Abs(e.LogOdds - e.ModelLogOdds) < 1e-6, $"{e.LogOdds} against {e.ModelLogOdds}"));
        Assert.All(explanations, e => Assert.True(Math.Abs(1 / (1 + Math.Exp(-e.LogOdds)) - e.Risk) < 1e-6));
        for (var feature = 0; feature < ModelInput.FeatureNames.Length; feature++)
        {
            Assert.True(Math.Abs(explanations.Sum(e => e.Contributions[feature])) < 1e-6 * Rows.Count, ModelInput.FeatureNames[feature]);
        }

        Assert.Contains(explanations, e => Math.Abs(e.Contributions[Array.IndexOf(ModelInput.FeatureNames, "consecutive missed sessions")]) > 0.1);
    }

    [Fact]
    public void The_boosted_trees_of_a_model_stored_before_its_leaf_counts_are_explained_from_the_scored_rows_and_still_add_up()
    {
        var labelled = Rows.Where(r => r.DroppedOutWithinHorizon is not null).ToList();
        var trained = new DropoutModelTrainer().TrainAndTest(labelled, labelled.Take(200).ToList(), labelled[^1].AdmittedOn);

        var withBasis = new ScoringModel(trained.ModelBytes, null, trained.Explanation).Explain(Rows);
        var withoutBasis = new ScoringModel(trained.ModelBytes, null).Explain(Rows);

        Assert.NotNull(trained.Explanation?.LeafCovers);
        Assert.All(withBasis.Concat(withoutBasis), e => Assert.True(Math.Abs(e.LogOdds - e.ModelLogOdds) < 1e-6, $"{e.LogOdds} against {e.ModelLogOdds}"));
        Assert.Equal(withBasis.Select(e => e.Risk), withoutBasis.Select(e => e.Risk));
    }

    [Fact]
    public void Many_rows_explained_at_once_in_parts_get_the_contributions_and_reasons_each_row_gets_in_a_small_batch()
    {
        var labelled = Rows.Where(r => r.DroppedOutWithinHorizon is not null).ToList();
        var trained = new DropoutModelTrainer().TrainAndTest(labelled, labelled.Take(200).ToList(), labelled[^1].AdmittedOn);
        var model = new ScoringModel(trained.ModelBytes, null, trained.Explanation);
        // Enough rows that every processor explains a part of them (one part on a single processor).
        var many = KnownRiskSnapshots.Generate(2 * ScoringModel.MinimumRowsPerPart + 1, seed: 5).Snapshots;

        var atOnce = model.Explain(many);
        var reasonsAtOnce = RiskReasons.Explain(model, many);
        var inBatches = many.Chunk(ScoringModel.MinimumRowsPerPart / 4).SelectMany(batch => model.Explain(batch)).ToList();

        Assert.Equal(many.Count, atOnce.Count);
        for (var i = 0; i < many.Count; i++)
        {
            Assert.Equal(inBatches[i].Risk, atOnce[i].Risk);
            Assert.Equal(inBatches[i].LogOdds, atOnce[i].LogOdds);
            Assert.Equal(inBatches[i].Contributions, atOnce[i].Contributions);
            Assert.Equal(inBatches[i].Risk, reasonsAtOnce[i].Risk);
            Assert.Equal(RiskReasons.Phrase(inBatches[i], many[i]), reasonsAtOnce[i].Reasons);
        }
    }
}
