namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// How one feature was distributed in a model's training rows, kept with the model to measure drift later: for a
/// numeric feature the upper edges of its bins (deciles of the training values; the last bin is open), for a
/// categorical one its categories (plus "other" for any value not seen in training), and the share of rows in each.
/// </summary>
public sealed record FeatureReference(string Feature, double[]? Edges, string[]? Categories, double[] Shares);
