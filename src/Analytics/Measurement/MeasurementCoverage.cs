using Outcomes.Analytics.Proportions;

namespace Outcomes.Analytics.Measurement;

/// <summary>
/// Measurement coverage: the share of episodes with at least two scores on an instrument (an intake and a later one),
/// the episodes whose change can be measured at all, with its Wilson interval. Read beside every change figure: change
/// measured on a few patients who happened to be rescored says little about the rest.
/// </summary>
public static class MeasurementCoverage
{
    /// <summary>Scores needed for a change: intake and one more.</summary>
    public const int MinimumScores = 2;

    /// <param name="scoresPerEpisode">each episode of the cohort with its number of scores (0 for none).</param>
    public static Proportion Of(IEnumerable<int> scoresPerEpisode)
    {
        long covered = 0, episodes = 0;
        foreach (var scores in scoresPerEpisode)
        {
            episodes++;
            covered += scores >= MinimumScores ? 1 : 0;
        }

        return new Proportion(covered, episodes);
    }
}
