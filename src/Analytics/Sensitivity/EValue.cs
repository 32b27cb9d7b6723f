namespace Outcomes.Analytics.Sensitivity;

/// <summary>
/// The E-value of VanderWeele and Ding (2017, Sensitivity analysis in observational research: introducing the E-value,
/// Annals of Internal Medicine 167:268-274): the minimum strength of association, on the risk ratio scale, that an
/// unmeasured confounder would need with both the arm and the outcome, beyond the measured case mix, to explain away
/// an adjusted comparison. For a risk ratio RR ≥ 1 it is RR + √(RR·(RR − 1)); below 1 the same of 1/RR.
/// <see cref="ForInterval"/> is the E-value of the interval limit closest to 1, and is 1 when the interval includes 1.
/// </summary>
public sealed record EValue(double ForEstimate, double ForInterval)
{
    public static EValue ForRiskRatio(double ratio, Interval interval)
    {
        if (!(ratio > 0) || !(interval.Lower > 0) || double.IsNaN(interval.Upper))
        {
            return new EValue(double.NaN, double.NaN);
        }

        var closest = interval.Contains(1) ? 1 : ratio >= 1 ? interval.Lower : interval.Upper;
        return new EValue(Of(ratio), Of(closest));
    }

    /// <summary>
    /// For an adjusted risk difference (e.g. IOP − PHP dropout): converted to a risk ratio through the risk of the
    /// comparison arm, RR = (p0 + RD)/p0, and each interval limit likewise, as the paper converts a difference when the
    /// baseline risk is known. This treats p0 as fixed, so it is an approximation; the paper's appendix gives a bound
    /// from the 2×2 counts for unadjusted differences.
    /// </summary>
    public static EValue ForRiskDifference(double difference, Interval interval, double baselineRisk)
    {
        if (!(baselineRisk > 0 && baselineRisk < 1))
        {
            return new EValue(double.NaN, double.NaN);
        }

        double ToRatio(double d) => Math.Max((baselineRisk + d) / baselineRisk, double.Epsilon);
        return ForRiskRatio(ToRatio(difference), new Interval(ToRatio(interval.Lower), ToRatio(interval.Upper)));
    }

    private static double Of(double ratio)
    {
        var r = ratio >= 1 ? ratio : 1 / ratio;
        return r + Math.Sqrt(r * (r - 1));
    }
}
