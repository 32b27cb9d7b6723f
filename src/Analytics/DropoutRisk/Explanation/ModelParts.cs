using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace Outcomes.Analytics.DropoutRisk.Explanation;

/// <summary>
/// The predictor at the end of a trained ML.NET pipeline, taken apart: the tree ensemble or the linear model that makes
/// the raw score, and the Platt calibration that turns it into a probability, p = 1 / (1 + exp(a · score + b)), so
/// the log-odds are −(a · score + b): linear in the score, which keeps contributions additive on that scale.
/// </summary>
internal sealed record ModelParts(RegressionTreeEnsemble? Ensemble, LinearBinaryModelParameters? Linear, double PlattSlope, double PlattOffset)
{
    public static ModelParts Of(ITransformer model)
    {
        var last = model is IEnumerable<ITransformer> chain ? chain.Last() : model;
        if (last is not IPredictionTransformer<object> { Model: CalibratedModelParametersBase calibrated }
            || calibrated.Calibrator is not PlattCalibrator platt)
        {
            throw new NotSupportedException("Only a Platt-calibrated binary classifier can be explained.");
        }

        return calibrated.SubModel switch
        {
            TreeEnsembleModelParametersBasedOnRegressionTree trees => new ModelParts(trees.TrainedTreeEnsemble, null, platt.Slope, platt.Offset),
            LinearBinaryModelParameters linear => new ModelParts(null, linear, platt.Slope, platt.Offset),
            var other => throw new NotSupportedException($"A {other.GetType().Name} cannot be explained: only boosted trees and linear models."),
        };
    }

    /// <summary>The calibrated log-odds of a raw score.</summary>
    public double LogOdds(double score) => -(PlattSlope * score + PlattOffset);

    /// <summary>The explainer of the raw score, from the stored <paramref name="basis"/>.</summary>
    public IScoreExplainer Explainer(ExplanationBasis basis) => Ensemble is { } ensemble
        ? TreeEnsembleExplainer.Of(ensemble, basis.LeafCovers ?? throw new ArgumentException("The basis of a tree ensemble needs its leaf counts.", nameof(basis)))
        : new LinearExplainer(Linear!.Weights, Linear.Bias, basis.FeatureMeans ?? throw new ArgumentException("The basis of a linear model needs its feature means.", nameof(basis)));
}
