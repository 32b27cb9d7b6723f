using Npgsql;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Ingest.Ledger;
using Outcomes.Reports.Disclosure;

namespace Outcomes.Reports.Monthly;

/// <summary>
/// Gathers a report's inputs: the stored run of the period, of the month before (for a month) and of each month
/// of the trend (the twelve months ending with the period, or the months of a longer period), all with the same
/// data-through date; the risk model's summary; and, for all facilities together only, the latest file loads (the
/// period's data-quality findings are given: their owner is the workflow layer's data-quality check). It reads
/// stored runs only (<see cref="RunsRead"/> lists them, for whoever stores them first) and fails with
/// <see cref="AnalysisRunNotStoredException"/> when one is missing.
/// </summary>
internal sealed class ReportDataLoader(NpgsqlDataSource dataSource, DisclosurePolicy disclosure)
{
    public const int TrendMonths = Analytics.Periods.TrendPeriods.Months;

    /// <summary>The periods whose stored runs a report of <paramref name="period"/> reads: the period, its trend's months and, for a month, the month before.</summary>
    public static IReadOnlyList<ReportingPeriod> RunsRead(ReportingPeriod period, DateOnly through)
    {
        var periods = new List<ReportingPeriod> { period };
        periods.AddRange(TrendPeriods(period, through).Where(m => m != period));
        if (IsMonth(period) && Month(period.Start.AddMonths(-1)) is var last && !periods.Contains(last))
        {
            periods.Add(last);
        }

        return periods;
    }

    public async Task<ReportData> LoadAsync(
        ReportingPeriod period, string? facility, IReadOnlyList<QualityFinding> findings, DateOnly? dataThrough = null, CancellationToken cancellationToken = default)
    {
        var through = dataThrough ?? await DataThrough.LatestAsync(dataSource, cancellationToken)
            ?? throw new InvalidOperationException("There are no episodes to report on yet: ingest a drop folder first.");
        var data = await LoadRunsAsync(period, facility, through, cancellationToken);
        var risk = await LoadRiskAsync(period, facility, through, cancellationToken);
        // The load ledger does not record which facility's rows a file held (one file may hold several facilities'), so a
        // facility's report lists no file loads: their names and counts are the network's, not the facility's.
        IReadOnlyList<BatchSummary> batches = facility is null ? await LoadBatchesAsync(cancellationToken) : [];
        return data with { Risk = risk, Batches = batches, Findings = findings };
    }

    /// <summary>
    /// The stored runs alone (the period's, its trend's months, the month before) with the program's targets judged on
    /// them: what the Summary, the Dashboard and the trends read, without the risk model's summary or the file loads.
    /// </summary>
    public async Task<ReportData> LoadRunsAsync(ReportingPeriod period, string? facility, DateOnly through, CancellationToken cancellationToken = default)
    {
        var current = await AnalysisRuns.ReadAsync(dataSource, period, facility, through, cancellationToken);
        var months = new List<StoredRun>();
        foreach (var month in TrendPeriods(period, through))
        {
            months.Add(month == period ? current : await AnalysisRuns.ReadAsync(dataSource, month, facility, through, cancellationToken));
        }

        StoredRun? previous = null;
        if (IsMonth(period))
        {
            var last = Month(period.Start.AddMonths(-1));
            previous = months.FirstOrDefault(m => m.Run.Period == last) ?? await AnalysisRuns.ReadAsync(dataSource, last, facility, through, cancellationToken);
        }

        // The program's own targets, judged on the figures of this population (a facility's, or all facilities together).
        var stored = await new TargetStore(dataSource).ListAsync(cancellationToken);
        var targets = TargetEvaluation.Judge(current.Run, stored, disclosure.Cells, smallWithheld: disclosure.Suppresses)
            .Where(j => j.Figure!.FacilityId == (facility ?? Figure.All)).ToList();
        return new ReportData(facility, current, previous, months, RiskSummary.None, [], [], targets, stored);
    }

    /// <summary>
    /// The stored runs of a month's Summary windows (<see cref="SummaryWindows"/>); <paramref name="month"/>'s own run is
    /// given, already read.
    /// </summary>
    public async Task<WindowRuns> LoadWindowsAsync(StoredRun month, string? facility, CancellationToken cancellationToken = default)
    {
        var windows = SummaryWindows.Of(month.Run.Period);
        var through = month.Run.DataThrough;
        var read = new Dictionary<ReportingPeriod, StoredRun> { [windows.Month] = month };
        foreach (var period in windows.Periods.Where(p => !read.ContainsKey(p)))
        {
            read[period] = await AnalysisRuns.ReadAsync(dataSource, period, facility, through, cancellationToken);
        }

        StoredRun? Of(ReportingPeriod? period) => period is null ? null : read[period];
        return new WindowRuns(month, Of(windows.RollingThreeMonths), read[windows.QuarterToDate], Of(windows.TwelveMonths), Of(windows.SameMonthLastYear));
    }

    /// <summary>The months of the period's trend (<see cref="Analytics.Periods.TrendPeriods"/>), which the nightly refresh stores.</summary>
    public static IReadOnlyList<ReportingPeriod> TrendPeriods(ReportingPeriod period, DateOnly through) =>
        Analytics.Periods.TrendPeriods.Of(period, through);

    private static bool IsMonth(ReportingPeriod period) => period.IsMonth;

    private static ReportingPeriod Month(DateOnly first) => ReportingPeriod.MonthOf(first);

    /// <summary>The promoted model's stored metrics, its latest scores of the period in bands, what became of the period's flags, and of the flags raised in the month before the period's last month.</summary>
    private async Task<RiskSummary> LoadRiskAsync(ReportingPeriod period, string? facility, DateOnly through, CancellationToken cancellationToken)
    {
        var store = new FlagStore(dataSource);
        var outcomes = await store.OutcomesAsync(period, facility, through, cancellationToken);
        var model = await new ModelRegistry(dataSource).PromotedAsync(cancellationToken);
        var lastMonth = Month(new DateOnly(period.End.Year, period.End.Month, 1).AddMonths(-1));
        var followThrough = await store.FollowThroughAsync(lastMonth, facility, through, cancellationToken);
        if (model is null)
        {
            return RiskSummary.None with { FlagOutcomes = outcomes, LastMonthFlags = followThrough, LastMonth = lastMonth };
        }

        var scores = await new RiskScores(dataSource).BandsAsync(
            model.ModelId, period.End, facility, RiskSummary.BandWidth, (int)Math.Round(1 / RiskSummary.BandWidth), cancellationToken);
        return new RiskSummary(model.ModelId, model.Algorithm, model.Metrics.Auroc, scores.ScoredOn, model.Metrics.Calibration, scores.Episodes, outcomes, followThrough, lastMonth, model.HorizonDays);
    }

    private async Task<IReadOnlyList<BatchSummary>> LoadBatchesAsync(CancellationToken cancellationToken) =>
        [.. (await new LoadLedger(dataSource).RecentBatchesAsync(10, cancellationToken)).Select(b => new BatchSummary(
            b.BatchId, b.FileName, b.Entity, b.Status, DateOnly.FromDateTime(b.StartedAt), b.RowsRead, b.RowsInserted, b.RowsUpdated, b.RowsQuarantined))];
}
