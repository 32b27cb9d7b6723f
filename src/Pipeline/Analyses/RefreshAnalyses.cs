using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Pipeline.Analyses;

/// <summary>
/// Stores the analysis runs the month's reports read, at the latest data-through date: the current month with the
/// months of its trend (<see cref="TrendPeriods"/>), the trailing twelve months with theirs, and the other windows of
/// the month's Summary (<see cref="SummaryWindows"/>: rolling three months, quarter to date, the same month last year), for all facilities
/// (which hold each facility's figures too). Runs already stored for that date are reused, so running it again
/// computes nothing. The nightly job; a reporter-only login then finds every run its workbook needs.
/// </summary>
public sealed class RefreshAnalyses(NpgsqlDataSource analyst, SmallCellPolicy policy)
{
    /// <summary>The data-through day and the periods whose runs are now stored; null when no episode is loaded.</summary>
    public async Task<RefreshedAnalyses?> RunAsync(CancellationToken cancellationToken = default)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var refreshed = await RefreshAsync(cancellationToken);
        Telemetry.OutcomesMetrics.RecordAnalysis(Telemetry.OutcomesMetrics.Since(start));
        return refreshed;
    }

    private async Task<RefreshedAnalyses?> RefreshAsync(CancellationToken cancellationToken)
    {
        if (await DataThrough.LatestAsync(analyst, cancellationToken) is not { } through)
        {
            return null;
        }

        var month = ReportingPeriod.MonthOf(through);
        var year = ReportingPeriod.TrailingYear(through);
        var periods = new List<ReportingPeriod>();
        foreach (var period in new[] { month, year })
        {
            foreach (var each in TrendPeriods.Of(period, through).Prepend(period))
            {
                if (!periods.Contains(each))
                {
                    await AnalysisRuns.EnsureAsync(analyst, policy, each, null, through, cancellationToken);
                    periods.Add(each);
                }
            }
        }

        foreach (var each in SummaryWindows.Of(month).Periods.Where(p => !periods.Contains(p)))
        {
            await AnalysisRuns.EnsureAsync(analyst, policy, each, null, through, cancellationToken);
            periods.Add(each);
        }

        return new RefreshedAnalyses(through, month, periods);
    }
}
