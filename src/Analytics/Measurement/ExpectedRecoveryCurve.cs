using Outcomes.Analytics.DropoutRisk.Evaluation;

namespace Outcomes.Analytics.Measurement;

/// <summary>
/// The expected-recovery curve of one instrument at one level of care, fitted on the program's own completed episodes,
/// and its tolerance band; the not-on-track rule reads a patient's latest score against it. After the expected
/// treatment response of Lutz, Martinovich &amp; Howard (1999, J Consult Clin Psychol 67:571) and Lambert's OQ-45
/// feedback (expected recovery curves: Finch, Lambert &amp; Schaalje 2001, Clin Psychol Psychother 8:231; the signal
/// alerts in practice: Whipple et al. 2003, J Couns Psychol 50:59; Lambert et al. 2003, Clin Psychol Sci Pract 10):
/// change is fastest early and slows (log-linear in time), each patient is measured against the
/// course expected from their own intake score, and a patient whose score lies beyond the band on the side of illness is
/// "not on track" (Lambert's red/yellow signal). Their curves come from multilevel models on thousands of patients; a
/// program's own few hundred episodes get the simplest form of the same idea:
/// <code>score(w) − intake = b · ln(w + 1) + e</code>
/// w the whole weeks since admission, fitted by least squares through the origin (no change at admission) over every
/// later score of the completed episodes, <c>b = Σ x·d / Σ x²</c> with x = ln(w + 1) and d the change from intake. The band
/// is the 10th to 90th percentile of the residuals e (type 7), the same width every week: expected intake + b·x, band
/// intake + b·x + [P10(e), P90(e)]. So about one score in ten lies beyond each edge among the episodes that completed.
/// </summary>
public sealed record ExpectedRecoveryCurve(
    ScoreDirection Direction,
    double Slope,
    double LowerResidual,
    double UpperResidual,
    int Episodes,
    int Scores)
{
    /// <summary>The band's lower and upper residual percentiles.</summary>
    public const double LowerPercentile = 0.10;

    public const double UpperPercentile = 0.90;

    /// <summary>
    /// Fewer completed episodes than this with a later score give no curve. This project's choice, not a published one:
    /// with 20 episodes the 10th and 90th percentiles rest on a couple of episodes each.
    /// </summary>
    public const int MinimumEpisodes = 20;

    /// <summary>The curve, or null with <paramref name="reason"/> when the episodes are too few to fit one.</summary>
    /// <param name="episodes">each completed episode's scores after intake.</param>
    /// <param name="minimumEpisodes">fewer episodes with a later score give no curve (<see cref="MinimumEpisodes"/>).</param>
    public static ExpectedRecoveryCurve? Fit(
        IEnumerable<IReadOnlyList<ScoreAtWeek>> episodes, ScoreDirection direction, out string? reason, int minimumEpisodes = MinimumEpisodes)
    {
        var scores = new List<ScoreAtWeek>();
        var count = 0;
        foreach (var episode in episodes)
        {
            if (episode.Count > 0)
            {
                count++;
                scores.AddRange(episode);
            }
        }

        double sxy = 0, sxx = 0;
        foreach (var s in scores)
        {
            var x = TimeTerm(s.Week);
            sxy += x * (s.Score - s.Intake);
            sxx += x * x;
        }

        if (count < minimumEpisodes || sxx == 0)
        {
            reason = count < minimumEpisodes
                ? $"{count} completed episodes with a later score, fewer than {minimumEpisodes}"
                : "no score after the first week of care";
            return null;
        }

        var slope = sxy / sxx;
        var residuals = scores.Select(s => s.Score - s.Intake - (slope * TimeTerm(s.Week))).Order().ToArray();
        reason = null;
        return new ExpectedRecoveryCurve(direction, slope, SmoothedCalibration.Quantile(residuals, LowerPercentile),
            SmoothedCalibration.Quantile(residuals, UpperPercentile), count, scores.Count);
    }

    /// <summary>ln(w + 1): 0 at admission, growing fast in the first weeks and slowly after.</summary>
    public static double TimeTerm(int week) => Math.Log(week + 1);

    public double Expected(double intake, int week) => intake + (Slope * TimeTerm(week));

    public Interval Band(double intake, int week)
    {
        var expected = Expected(intake, week);
        return new Interval(expected + LowerResidual, expected + UpperResidual);
    }

    /// <summary>The not-on-track rule: the latest score outside the band of its week, on the side of illness.</summary>
    public TrackStatus Status(double intake, int week, double latest)
    {
        var band = Band(intake, week);
        if (band.Contains(latest))
        {
            return TrackStatus.OnTrack;
        }

        var higher = latest > band.Upper;
        return higher == (Direction == ScoreDirection.HigherIsWorse) ? TrackStatus.NotOnTrack : TrackStatus.BetterThanExpected;
    }
}
