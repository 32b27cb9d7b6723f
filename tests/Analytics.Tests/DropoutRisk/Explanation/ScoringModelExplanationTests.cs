using Microsoft.ML;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
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
}
