using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Pipeline.DataQuality;
using Outcomes.Reports.Annual;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Monthly;

namespace Outcomes.Pipeline.Reports;

/// <summary>
/// Ensure the runs → write the reports: <c>outcomes report</c>, <c>audit-pack</c> and <c>annual-review</c>, the demo
/// and the <c>monthly-report</c> job. First, as the analyst, the analysis runs every asked-for output reads are stored
/// where the reporter finds them (<see cref="AnalysisRuns.EnsureReadableAsync"/>: a run already stored is reused); then
/// the outputs are written, each reading stored runs only, as the reporter, with the period's data-quality findings
/// (<see cref="DataQualityFindings"/>). Without an analyst (a login that may only report) nothing is computed, and an
/// output whose runs are not stored fails with <see cref="AnalysisRunNotStoredException"/>, which names the command
/// that stores them.
/// </summary>
public sealed class WriteMonthlyReports(NpgsqlDataSource reporter, NpgsqlDataSource? analyst, SmallCellPolicy policy)
{
    public async Task<WrittenReports> RunAsync(ReportRequest request, CancellationToken cancellationToken = default)
    {
        // With nothing loaded, each output says so in its own words when it is written.
        var through = request.DataThrough ?? await DataThrough.LatestAsync(reporter, cancellationToken);
        var computed = analyst is not null && through is { } day ? await EnsureRunsAsync(analyst, request, day, cancellationToken) : 0;
        var workbook = request.Month is { } month
            ? await new MonthlyReport(reporter, policy).WriteAsync(
                month, request.Population, await FindingsAsync(month, request, cancellationToken), request.Folder, through, cancellationToken)
            : null;
        var pack = request.ChartPack is { } period
            ? await new AuditPackWriter(reporter, policy).WriteAsync(
                period, request.Population, await FindingsAsync(period, request, cancellationToken), request.Folder, through, cancellationToken)
            : null;
        var review = request.AnnualReview is { } year
            ? await new AnnualReview(reporter, policy).WriteAsync(year, request.Population, request.Folder, through, cancellationToken)
            : null;
        return new WrittenReports(computed, workbook, pack, review);
    }

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
            if (await AnalysisRuns.EnsureReadableAsync(analyst, reporter, policy, each, facility, through, cancellationToken))
            {
                computed++;
            }
        }

        return computed;
    }
}
