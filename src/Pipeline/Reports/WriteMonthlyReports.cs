using System.Globalization;
using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Pipeline.DataQuality;
using Outcomes.Reports.Annual;
using Outcomes.Database.Audit;
using Outcomes.Database.Connection;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;

namespace Outcomes.Pipeline.Reports;

/// <summary>
/// Ensure the runs → write the reports: <c>outcomes report</c>, <c>audit-pack</c> and <c>annual-review</c>, the demo
/// and the <c>monthly-report</c> job. First, as the analyst, the analysis runs every asked-for output reads are stored
/// where the reporter finds them (<see cref="AnalysisRuns.EnsureReadableAsync"/>: a run already stored is reused); then
/// the outputs are written, each reading stored runs only, as the reporter, with the period's data-quality findings
/// (<see cref="DataQualityFindings"/>). Without an analyst (a login that may only report) nothing is computed, and an
/// output whose runs are not stored fails with <see cref="AnalysisRunNotStoredException"/>, which names the command
/// that stores them. Each output follows its <see cref="DisclosurePolicy"/>: its default audience, or the request's; an
/// override is recorded in the audit trail (<c>export.audience_override</c>, the login, role and time from the server)
/// before the output is written, so no output leaves for another audience than its default unrecorded. The reporter
/// may read a hot standby (<see cref="ConnectionRouting"/>): the data-through date is then what the standby holds, the
/// runs are computed and stored on the primary by the analyst, and the reports wait for the standby to replay them;
/// audit lines go to the primary.
/// </summary>
public sealed class WriteMonthlyReports(NpgsqlDataSource reporter, NpgsqlDataSource? analyst, SmallCellPolicy policy)
{
    /// <summary>How long the runs just stored may take to reach a standby the reporter reads (<see cref="ConnectionRouting"/>).</summary>
    public static readonly TimeSpan StandbyReplayTimeout = TimeSpan.FromSeconds(60);

    public async Task<WrittenReports> RunAsync(ReportRequest request, CancellationToken cancellationToken = default)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var written = await WriteAsync(request, cancellationToken);
        Telemetry.OutcomesMetrics.RecordReports(Telemetry.OutcomesMetrics.Since(start));
        return written;
    }

    private async Task<WrittenReports> WriteAsync(ReportRequest request, CancellationToken cancellationToken)
    {
        // With nothing loaded, each output says so in its own words when it is written.
        var through = request.DataThrough ?? await DataThrough.LatestAsync(reporter, cancellationToken);
        var computed = analyst is not null && through is { } day ? await EnsureRunsAsync(analyst, request, day, cancellationToken) : 0;
        if (computed > 0 && ConnectionRouting.ReadsFromStandby(reporter))
        {
            // The runs were stored on the primary; the reporter reads the standby, which has them once it replays that far.
            await ReplicaLag.WaitForReplayAsync(ConnectionRouting.WritesOf(reporter), reporter, StandbyReplayTimeout, cancellationToken);
        }

        var workbook = request.Month is { } month
            ? await new MonthlyReport(reporter, await DisclosureAsync(ReportOutput.MonthlyWorkbook, request, month.Label, cancellationToken)).WriteAsync(
                month, request.Population, await FindingsAsync(month, request, cancellationToken), request.Folder, through, cancellationToken)
            : null;
        var pack = request.ChartPack is { } period
            ? await new AuditPackWriter(reporter, await DisclosureAsync(ReportOutput.ChartPack, request, period.Label, cancellationToken)).WriteAsync(
                period, request.Population, await FindingsAsync(period, request, cancellationToken), request.Folder, through, cancellationToken)
            : null;
        var review = request.AnnualReview is { } year
            ? await new AnnualReview(reporter, await DisclosureAsync(ReportOutput.AnnualReview, request, year.ToString(CultureInfo.InvariantCulture), cancellationToken))
                .WriteAsync(year, request.Population, request.Folder, through, cancellationToken)
            : null;
        return new WrittenReports(computed, workbook, pack, review);
    }

    /// <summary>
    /// The disclosure policy of one output: the request's audience, or the output's default. An override is written to
    /// the audit trail first, as the reporter that writes the output: the output's kind, period and population, the
    /// audience chosen and the default it replaces.
    /// </summary>
    private async Task<DisclosurePolicy> DisclosureAsync(ReportOutput output, ReportRequest request, string period, CancellationToken cancellationToken)
    {
        var disclosure = DisclosurePolicy.For(output, request.Audience, policy);
        var standard = DisclosurePolicy.DefaultFor(output);
        if (disclosure.Audience != standard)
        {
            await AuditLog.RecordAsync(reporter, new AuditEntry(
                "export.audience_override", $"{Kind(output)} {period} {request.Population.SingleOrAll ?? "all facilities"}", null,
                Detail: $"audience {DisclosurePolicy.Name(disclosure.Audience)} instead of {DisclosurePolicy.Name(standard)}"), cancellationToken);
        }

        return disclosure;
    }

    /// <summary>An output's kind as the audit trail names it (the same words as its export line).</summary>
    private static string Kind(ReportOutput output) => output switch
    {
        ReportOutput.MonthlyWorkbook => "workbook",
        ReportOutput.ChartPack => "audit_pack",
        ReportOutput.AnnualReview => "annual_review",
        _ => "flag_worklist",
    };

    /// <summary>The data-quality findings of the period a workbook or pack lists, read from their owner as the reporter.</summary>
    private async Task<IReadOnlyList<QualityFinding>> FindingsAsync(ReportingPeriod period, ReportRequest request, CancellationToken cancellationToken) =>
        [.. (await new DataQualityFindings(reporter).ListAsync(period.Start, period.End, request.Population.SingleOrAll, cancellationToken))
            .Select(f => new QualityFinding(f.CheckedOn, f.Kind, f.Subject, f.Measured, f.Threshold))];

    /// <summary>Stores every run the outputs will read that the reporter does not find yet; returns how many it computed.</summary>
    private async Task<int> EnsureRunsAsync(NpgsqlDataSource analyst, ReportRequest request, DateOnly through, CancellationToken cancellationToken)
    {
        var periods = new List<ReportingPeriod>();
        if (request.Month is { } month)
        {
            periods.AddRange(MonthlyReport.RunsRead(month, through));
        }

        if (request.ChartPack is { } period)
        {
            periods.AddRange(AuditPackWriter.RunsRead(period, through));
        }

        if (request.AnnualReview is { } year)
        {
            periods.AddRange(await new AnnualReview(reporter, policy).RunsReadAsync(year, request.Population, through, cancellationToken));
        }

        var facility = request.Population.SingleOrAll;
        var computed = 0;
        foreach (var each in periods.Distinct())
        {
            if (request.FacilityOwnRuns
                    ? await AnalysisRuns.EnsureOwnAsync(analyst, policy, each, facility, through, cancellationToken)
                    : await AnalysisRuns.EnsureReadableAsync(analyst, reporter, policy, each, facility, through, cancellationToken))
            {
                computed++;
            }
        }

        return computed;
    }
}
