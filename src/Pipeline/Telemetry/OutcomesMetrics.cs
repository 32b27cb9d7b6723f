using System.Diagnostics;
using System.Diagnostics.Metrics;
using Outcomes.Ingest.Loading;

namespace Outcomes.Pipeline.Telemetry;

/// <summary>
/// The measurements the pipeline records as it works, on the meter <see cref="MeterName"/>. Recording costs nothing
/// until a listener is attached: <c>outcomes serve</c> exports them (docs/jobs.md, "Monitoring"); the other commands
/// record into the void. Every label is a configured name (a source, a job and its scope, a facility id, a feature of
/// the model) or one word from a fixed list (an outcome): never a patient, never free text.
/// </summary>
public static class OutcomesMetrics
{
    public const string MeterName = "Outcomes";

    // Seconds: a pull of a few files takes a second, the nightly refresh minutes, a large first load an hour or two.
    private static readonly double[] DurationBuckets = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> RowsRead = Meter.CreateCounter<long>(
        "outcomes.ingest.rows.read", "{row}", "Data rows read from a source's files by the pull (label source)");

    private static readonly Counter<long> RowsLoaded = Meter.CreateCounter<long>(
        "outcomes.ingest.rows.loaded", "{row}", "Rows of committed files that passed validation: inserted, updated or unchanged (label source)");

    private static readonly Counter<long> RowsQuarantined = Meter.CreateCounter<long>(
        "outcomes.ingest.rows.quarantined", "{row}", "Rows set aside in the quarantine for a person to correct (label source)");

    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram(
        "outcomes.job.duration", "s", "Runs of the scheduled jobs and how long each took (labels job_name, scope, outcome)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Histogram<double> AnalysisDuration = Meter.CreateHistogram(
        "outcomes.analysis.duration", "s", "How long storing the month's and trailing year's analysis runs took",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Histogram<double> ReportDuration = Meter.CreateHistogram(
        "outcomes.report.duration", "s", "How long writing a set of reports (workbook, chart pack, annual review) took",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Gauge<double> ModelDrift = Meter.CreateGauge<double>(
        "outcomes.model.drift", null, "The promoted model's population stability index (PSI) per feature in the latest month after its training that was checked (label feature)");

    private static readonly Gauge<long> ModelDriftAlarm = Meter.CreateGauge<long>(
        "outcomes.model.drift.alarm", null, "1 when the latest model check found a month beyond its training months' own drift, else 0");

    /// <summary>The rows of one pull's files, as the ingest reported them.</summary>
    public static void RecordPull(string source, IEnumerable<FileResult> files)
    {
        var tag = new KeyValuePair<string, object?>("source", source);
        foreach (var file in files)
        {
            RowsRead.Add(file.RowsRead, tag);
            RowsQuarantined.Add(file.RowsQuarantined, tag);
            if (file.Status == FileStatus.Committed)
            {
                RowsLoaded.Add(file.RowsInserted + file.RowsUpdated + file.RowsUnchanged, tag);
            }
        }
    }

    /// <summary>One run of a scheduled job: <paramref name="outcome"/> is succeeded, failed, cancelled or skipped.</summary>
    public static void RecordJob(string job, string scope, string outcome, TimeSpan elapsed) =>
        JobDuration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("job_name", job), new KeyValuePair<string, object?>("scope", scope), new KeyValuePair<string, object?>("outcome", outcome));

    internal static void RecordAnalysis(TimeSpan elapsed) => AnalysisDuration.Record(elapsed.TotalSeconds);

    internal static void RecordReports(TimeSpan elapsed) => ReportDuration.Record(elapsed.TotalSeconds);

    /// <summary>The latest model check: the largest PSI per feature in the latest month after training, and whether it alarmed.</summary>
    public static void RecordDrift(IEnumerable<(string Feature, double Psi)> features, bool alarm)
    {
        foreach (var (feature, psi) in features)
        {
            ModelDrift.Record(psi, new KeyValuePair<string, object?>("feature", feature));
        }

        ModelDriftAlarm.Record(alarm ? 1 : 0);
    }

    /// <summary>Elapsed time since <paramref name="start"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    internal static TimeSpan Since(long start) => Stopwatch.GetElapsedTime(start);
}
