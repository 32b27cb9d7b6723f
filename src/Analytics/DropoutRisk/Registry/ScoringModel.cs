using Microsoft.ML;
using Microsoft.ML.Data;
using Outcomes.Analytics.DropoutRisk.Explanation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// A model from the registry ready to score: the trained ML.NET model, when recalibrated the mapping of its risks, and
/// what explaining its scores needs (<see cref="ExplanationBasis"/>; null for a model stored before it was recorded).
/// </summary>
public sealed class ScoringModel
{
    private readonly MLContext _ml = new(0);
    private readonly ITransformer _model;
    private readonly ExplanationBasis? _basis;

    public ScoringModel(byte[] bytes, Recalibration? recalibration, ExplanationBasis? basis = null)
    {
        using var stream = new MemoryStream(bytes);
        _model = _ml.Model.Load(stream, out _);
        Recalibration = recalibration;
        _basis = basis;
    }

    public Recalibration? Recalibration { get; }

    /// <summary>Risks of the snapshots, in their order, in one batch.</summary>
    public double[] Predict(IReadOnlyList<SnapshotFeatures> rows) => Predict([.. rows.Select(ModelInput.From)]);

    public double[] Predict(IReadOnlyList<ModelInput> inputs)
    {
        var risks = _ml.Data.CreateEnumerable<ModelOutput>(_model.Transform(_ml.Data.LoadFromEnumerable(inputs)), reuseRowObject: true)
            .Select(o => (double)o.Probability);
        return [.. Recalibration is { } r ? risks.Select(r.Apply) : risks];
    }

    /// <summary>
    /// Risks of the snapshots, in their order, each with its contributions on the log-odds scale (TreeSHAP for the
    /// boosted trees, centred coefficients for a linear model), in one batch. The risks are <see cref="Predict(IReadOnlyList{SnapshotFeatures})"/>'s.
    /// A recalibration, linear in the log-odds, scales the contributions by its slope and moves the bias by its
    /// intercept. A model stored without its <see cref="ExplanationBasis"/> takes the training rows' place with
    /// <paramref name="rows"/> themselves: the contributions still add up, measured from these rows' average.
    /// </summary>
    public IReadOnlyList<ScoreExplanation> Explain(IReadOnlyList<SnapshotFeatures> rows)
    {
        var transformed = _model.Transform(_ml.Data.LoadFromEnumerable(rows.Select(ModelInput.From)));
        var outputs = _ml.Data.CreateEnumerable<ExplainedOutput>(transformed, reuseRowObject: false).ToList();
        var featureOfSlot = FeatureOfSlot(transformed.Schema);
        var parts = ModelParts.Of(_model);
        var basis = _basis ?? ExplanationBasis.Of(parts, [.. outputs.Select(o => o.Features)]);
        var explainer = parts.Explainer(basis);
        var (intercept, slope) = Recalibration is { } r ? (r.Intercept, r.Slope) : (0.0, 1.0);
        var bias = intercept + slope * parts.LogOdds(explainer.Bias);
        var scale = slope * -parts.PlattSlope;

        // Rows are explained one by one, each on its own, so many rows go in parts at once (at most one a processor).
        // Each part has an explainer of its own: the trees keep the Shapley values of every path they have seen.
        var explanations = new ScoreExplanation[outputs.Count];
        var partCount = Math.Clamp(outputs.Count / MinimumRowsPerPart, 1, Environment.ProcessorCount);
        var size = (outputs.Count + partCount - 1) / partCount;
        Parallel.For(0, partCount, part =>
        {
            var own = part == 0 ? explainer : parts.Explainer(basis);
            var slots = new double[featureOfSlot.Length];
            for (var i = part * size; i < Math.Min(outputs.Count, (part + 1) * size); i++)
            {
                var output = outputs[i];
                Array.Clear(slots);
                own.Explain(output.Features, slots);
                var byFeature = new double[ModelInput.FeatureNames.Length];
                for (var slot = 0; slot < slots.Length; slot++)
                {
                    byFeature[featureOfSlot[slot]] += scale * slots[slot];
                }

                explanations[i] = new ScoreExplanation(
                    Recalibration?.Apply(output.Probability) ?? output.Probability, bias, byFeature, intercept + slope * parts.LogOdds(output.Score));
            }
        });

        return explanations;
    }

    /// <summary>Rows explained on one processor before <see cref="Explain"/> shares the work among several.</summary>
    public const int MinimumRowsPerPart = 10_000;

    /// <summary>
    /// The model feature (<see cref="ModelInput.FeatureNames"/>) behind each slot of the feature vector: the numeric
    /// features one slot each, then a slot per facility, then one per referral source (the trainer's concatenation).
    /// </summary>
    private static int[] FeatureOfSlot(DataViewSchema schema)
    {
        int Size(string column) => ((VectorDataViewType)schema[column].Type).Size;
        int[] map =
        [
            .. Enumerable.Range(0, ModelInput.NumericNames.Length),
            .. Enumerable.Repeat(ModelInput.NumericNames.Length, Size("FacilityCode")),
            .. Enumerable.Repeat(ModelInput.NumericNames.Length + 1, Size("ReferralCode")),
        ];
        if (map.Length != Size("Features"))
        {
            throw new InvalidOperationException($"The model's feature vector has {Size("Features")} slots, not the {map.Length} its inputs make.");
        }

        return map;
    }

    private sealed class ExplainedOutput
    {
        public float[] Features { get; set; } = [];

        public float Score { get; set; }

        public float Probability { get; set; }
    }
}
