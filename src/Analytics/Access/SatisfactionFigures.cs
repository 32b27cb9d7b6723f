using Outcomes.Analytics.Means;
using Outcomes.Analytics.Proportions;

namespace Outcomes.Analytics.Access;

/// <summary>
/// A satisfaction or experience survey's figures: the mean score with Student's t interval, and the top-box share —
/// answers at or above the scale's top box (its best answer, or the program's stated top range) —
/// with its Wilson interval. Top-box is what CAHPS surveys report (AHRQ, CAHPS scoring), since mean satisfaction sits
/// near the ceiling and hides the share less than fully satisfied.
/// </summary>
public sealed record SatisfactionFigures(MeanEstimate Mean, Proportion TopBox)
{
    /// <param name="scores">one score per survey (one survey an episode).</param>
    /// <param name="topBoxFrom">the lowest score that counts as top box.</param>
    public static SatisfactionFigures Of(IEnumerable<double> scores, double topBoxFrom, double level = ConfidenceLevel.Default)
    {
        var all = scores.ToList();
        return new SatisfactionFigures(MeanEstimate.Of(all, level), new Proportion(all.Count(s => s >= topBoxFrom), all.Count));
    }
}
