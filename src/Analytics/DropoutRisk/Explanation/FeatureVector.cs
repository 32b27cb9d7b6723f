namespace Outcomes.Analytics.DropoutRisk.Explanation;

/// <summary>A row's feature vector as the model's predictor reads it (one-hot encoded, normalized).</summary>
internal sealed class FeatureVector
{
    public float[] Features { get; set; } = [];

    /// <summary>
    /// The feature vectors of <paramref name="rows"/> through <paramref name="model"/>, streamed: the array is reused
    /// from row to row, so read it before the next.
    /// </summary>
    public static IEnumerable<float[]> Of(Microsoft.ML.MLContext ml, Microsoft.ML.ITransformer model, Microsoft.ML.IDataView rows) =>
        ml.Data.CreateEnumerable<FeatureVector>(model.Transform(rows), reuseRowObject: true).Select(v => v.Features);
}
