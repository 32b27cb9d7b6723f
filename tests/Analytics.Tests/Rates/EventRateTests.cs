using Outcomes.Analytics.Rates;
using Xunit;

namespace Outcomes.Analytics.Tests.Rates;

public sealed class EventRateTests
{
    // Garwood's exact Poisson limits for x events (Garwood 1936; tabulated e.g. in Sahai and Khurshid 1993, Statistics in
    // Medicine 12:1297), as R 4.2.2 poisson.test(x, 1)$conf.int gives them: 0 -> (0, 3.6889), 1 -> (0.0253, 5.5716),
    // 5 -> (1.6235, 11.6683), 30 -> (20.2409, 42.8269).
    [Theory]
    [InlineData(0, 0.0, 3.688879454)]
    [InlineData(1, 0.02531780798, 5.57164339094)]
    [InlineData(5, 1.62348639, 11.66833208)]
    [InlineData(30, 20.24087402, 42.82686539)]
    public void The_interval_is_garwoods_exact_poisson_interval(long events, double lower, double upper)
    {
        // 1,000 days at risk, so the rate per 1,000 days is the count itself.
        var rate = EventRate.For(events, 1000);

        Assert.Equal(events, rate.PerThousandDays, 10);
        Assert.Equal(lower, rate.Interval.Lower, 6);
        Assert.Equal(upper, rate.Interval.Upper, 6);
    }

    [Fact]
    public void The_rate_is_per_thousand_days_at_risk()
    {
        // 134 unplanned discharges in 10,000 days in care: 13.4 per 1,000 days; limits 134 events' Garwood bounds / 10.
        var rate = EventRate.For(134, 10_000);

        Assert.Equal(13.4, rate.PerThousandDays, 10);
        Assert.True(rate.Interval.Contains(13.4));
        Assert.Equal(EventRate.For(134, 1000).Interval.Lower / 10, rate.Interval.Lower, 10);
    }

    [Fact]
    public void No_days_at_risk_give_no_rate()
    {
        Assert.True(double.IsNaN(EventRate.For(0, 0).PerThousandDays));
    }
}
