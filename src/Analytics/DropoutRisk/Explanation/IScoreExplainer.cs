namespace Outcomes.Analytics.DropoutRisk.Explanation;

/// <summary>
/// Splits a model's raw score for one row into a part no feature explains and one contribution per feature slot
/// that add up to it: tree path contributions for the boosted trees, centred coefficients for a linear model.
/// </summary>
internal interface IScoreExplainer
{
    /// <summary>The part of every raw score no feature explains: the score of the average training row.</summary>
    double Bias { get; }

    /// <summary>Adds each slot's contribution to <paramref name="contributions"/>; returns the raw score (<see cref="Bias"/> plus them).</summary>
    double Explain(ReadOnlySpan<float> row, Span<double> contributions);
}
