using Outcomes.Analytics.CompetingRisks;

namespace Outcomes.Analytics.Survival;

/// <summary>
/// A Kaplan–Meier share at one day, only where it rests on enough patients: "not estimable" with the reason when the
/// day lies beyond the last follow-up (nobody at risk) or fewer than <see cref="CumulativeIncidence.MinimumAtRisk"/>
/// are at risk there; the number at risk is given either way. The curve itself carries its last value forward
/// indefinitely, which is how a month with nobody followed past day 29 came to report day-90 retention.
/// </summary>
public sealed record RetentionEstimate(double Time, int AtRisk, double? Retention, Interval? Interval, string? NotEstimableReason)
{
    public bool IsEstimable => NotEstimableReason is null;

    public static RetentionEstimate At(KaplanMeierCurve curve, double time, int minimumAtRisk = CumulativeIncidence.MinimumAtRisk)
    {
        var atRisk = curve.AtRisk(time);
        var day = time.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        if (atRisk == 0)
        {
            return new RetentionEstimate(time, 0, null, null, $"not estimable: nobody was followed to day {day}");
        }

        if (atRisk < minimumAtRisk)
        {
            return new RetentionEstimate(time, atRisk, null, null, $"not estimable: {atRisk} at risk on day {day}, fewer than {minimumAtRisk}");
        }

        var (retention, interval) = curve.At(time);
        return new RetentionEstimate(time, atRisk, retention, interval, null);
    }
}
