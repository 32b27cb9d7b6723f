using MathNet.Numerics.Distributions;

namespace Outcomes.Analytics.Rates;

/// <summary>
/// Events per 1,000 days at risk (e.g. unplanned discharges per 1,000 days in care: the cause-specific hazard of
/// unplanned discharge, every day in care counted until any end or the end of the data), with Garwood's exact Poisson
/// interval (Garwood 1936, Biometrika 28:437-442): the bounds are χ²(α/2; 2x)/2 and χ²(1 − α/2; 2x + 2)/2 events, the
/// interval of R's poisson.test.
/// </summary>
public sealed record EventRate(long Events, double DaysAtRisk, double PerThousandDays, Interval Interval)
{
    public const double Days = 1000;

    public static EventRate For(long events, double daysAtRisk, double level = ConfidenceLevel.Default)
    {
        if (events < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(events), "events cannot be negative.");
        }

        if (daysAtRisk <= 0)
        {
            return new EventRate(events, daysAtRisk, double.NaN, new Interval(double.NaN, double.NaN));
        }

        var alpha = 1 - level;
        var lower = events == 0 ? 0 : ChiSquared.InvCDF(2 * events, alpha / 2) / 2;
        var upper = ChiSquared.InvCDF((2 * events) + 2, 1 - (alpha / 2)) / 2;
        var scale = Days / daysAtRisk;
        return new EventRate(events, daysAtRisk, events * scale, new Interval(lower * scale, upper * scale));
    }
}
