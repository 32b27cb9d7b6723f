using Microsoft.ML;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>A model from the registry ready to score: the trained ML.NET model and, when recalibrated, the mapping of its risks.</summary>
public sealed class ScoringModel
{
    private readonly MLContext _ml = new(0);
    private readonly ITransformer _model;

    public ScoringModel(byte[] bytes, Recalibration? recalibration)
    {
        using var stream = new MemoryStream(bytes);
        _model = _ml.Model.Load(stream, out _);
        Recalibration = recalibration;
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
}
