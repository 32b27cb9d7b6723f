using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Outcomes.Analytics.Suppression;
using Outcomes.Pipeline.Analyses;
using Outcomes.Pipeline.Telemetry;

namespace Outcomes.Pipeline.Tests.Telemetry;

/// <summary>The workflows' own measurements, heard as the serve host's exporter hears them (a listener on the meter).</summary>
public sealed class OutcomesMetricsTests(IngestedCohort cohort) : IClassFixture<IngestedCohort>
{
    [Fact]
    public async Task Refreshing_the_analyses_records_how_long_it_took_in_seconds_with_no_label()
    {
        var heard = new ConcurrentBag<(double Seconds, int Labels)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OutcomesMetrics.MeterName && instrument.Name == "outcomes.analysis.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => heard.Add((value, tags.Length)));
        listener.Start();

        var clock = Stopwatch.StartNew();
        await new RefreshAnalyses(cohort.Analyst, new SmallCellPolicy()).RunAsync();
        var elapsed = clock.Elapsed.TotalSeconds;

        // Other tests of this assembly may refresh at the same time: this run's measurement is among those heard.
        Assert.Contains(heard, h => h.Seconds > 0 && h.Seconds <= elapsed && h.Labels == 0);
    }
}
