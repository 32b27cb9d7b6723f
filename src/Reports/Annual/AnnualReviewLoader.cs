using System.Globalization;
using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Annual;

/// <summary>
/// Gathers the annual review: the stored run of the year and of each of its quarters (a quarter that starts after the
/// data-through date has none), the targets in force on any day of the year, each judged on the year's figure of its
/// population and level, and the action plans recorded for them with the runs of the quarters around each decision.
/// Every run is a stored one (<see cref="AnalysisRuns.ReadAsync"/>, never computed here) with one data-through date, and
/// every figure comes through <see cref="RunFigureRows"/>, so the review shows stored, suppressed numbers only.
/// </summary>
internal sealed class AnnualReviewLoader(NpgsqlDataSource dataSource, DisclosurePolicy disclosure)
{
    /// <summary>The data-quality figures of the completeness section, suppressed with the targets' figures (as are <see cref="MeasurementBasedCare.Metrics"/>).</summary>
    public static readonly IReadOnlyList<string> CompletenessMetrics = ["field_completeness", "missing_discharge"];

    private readonly Dictionary<(Guid Run, string Scope), RunFigureRows> _rows = [];
    private readonly Dictionary<string, StoredRun> _effectRuns = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _metrics = [];

    /// <summary>
    /// The periods whose runs <see cref="LoadAsync"/> reads: the year, the prior year when the data begin before the year
    /// does, its quarters begun by <paramref name="through"/>, and the months before and after each action plan's decision
    /// (of the year's targets) once enough months after it have ended (<see cref="ActionEffect.MonthsOf"/>).
    /// </summary>
    public async Task<IReadOnlyList<ReportingPeriod>> RunsReadAsync(int year, string? facility, DateOnly through, CancellationToken cancellationToken = default)
    {
        var period = Year(year, through);
        var periods = new List<ReportingPeriod> { period };
        if (await PriorYearAsync(period, cancellationToken) is { } prior)
        {
            periods.Add(prior);
        }

        periods.AddRange(Quarters(period).Where(q => q.Start <= through));
        var targets = await TargetsAsync(period, facility, cancellationToken);
        foreach (var plan in (await PlansAsync(year, cancellationToken)).Where(p => targets.Any(t => t.TargetId == p.TargetId)))
        {
            var window = ActionEffect.MonthsOf(plan, through);
            if (window.After.Count >= ActionEffect.FewestMonths)
            {
                periods.AddRange(window.Read);
            }
        }

        return [.. periods.Distinct()];
    }

    public async Task<AnnualReviewData> LoadAsync(int year, string? facility, DateOnly? dataThrough = null, CancellationToken cancellationToken = default)
    {
        var through = dataThrough ?? await DataThrough.LatestAsync(dataSource, cancellationToken)
            ?? throw new InvalidOperationException("There are no episodes to review yet: ingest a drop folder first.");
        var period = Year(year, through);
        var scope = facility ?? Figure.All;
        var targets = await TargetsAsync(period, facility, cancellationToken);
        _metrics = [.. targets.Select(t => t.Metric).Concat(CompletenessMetrics).Concat(MeasurementBasedCare.Metrics).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

        var yearRun = await AnalysisRuns.ReadAsync(dataSource, period, facility, through, cancellationToken);
        var priorRun = await PriorYearAsync(period, cancellationToken) is { } prior
            ? await AnalysisRuns.ReadAsync(dataSource, prior, facility, through, cancellationToken)
            : null;
        var notes = await new TargetNoteStore(dataSource).LatestAsync(year, cancellationToken);
        var quarters = new List<(ReportingPeriod, StoredRun?)>();
        foreach (var quarter in Quarters(period))
        {
            quarters.Add((quarter, quarter.Start <= through ? await AnalysisRuns.ReadAsync(dataSource, quarter, facility, through, cancellationToken) : null));
        }

        var plans = await PlansAsync(year, cancellationToken);
        var reviews = new List<TargetReview>();
        var judged = new List<TargetJudgement>();
        foreach (var target in targets.OrderBy(t => t.Metric, StringComparer.Ordinal).ThenBy(t => t.FacilityId, StringComparer.Ordinal)
                     .ThenBy(t => t.LevelOfCare, StringComparer.Ordinal).ThenBy(t => t.Grouping, StringComparer.Ordinal).ThenBy(t => t.EffectiveFrom))
        {
            var population = target.FacilityId ?? scope;
            foreach (var level in Levels(target, population, yearRun.Run, targets, scope))
            {
                var figure = yearRun.Run.Find(target.Metric, population, level, target.Grouping).SingleOrDefault();
                var row = Rows(yearRun, population).Find(target.Metric, target.Grouping, level);
                var priorFigure = priorRun?.Run.Find(target.Metric, population, level, target.Grouping).SingleOrDefault();
                var priorRow = priorRun is null ? null : Rows(priorRun, population).Find(target.Metric, target.Grouping, level);
                var (verdict, clearly, reason) = FigureJudgement.Judge(target, figure, row, disclosure);
                var trend = quarters.Select(q => q.Item2 is { } run
                    ? Rows(run, population).Find(target.Metric, target.Grouping, level)?.Cells[5] ?? TableCell.Of("–")
                    : TableCell.Of("no data yet")).ToList();
                var reviewed = new List<PlanReview>();
                foreach (var plan in plans.Where(p => p.TargetId == target.TargetId))
                {
                    reviewed.Add(new PlanReview(plan, await EffectAsync(plan, target, population, level, facility, through, cancellationToken)));
                }

                reviews.Add(new TargetReview(target, population, level, row, verdict, clearly, reason, trend, reviewed)
                {
                    PriorYear = priorRow,
                    Change = YearChange.Between(target.Metric, row, figure, priorRow, priorFigure),
                    Note = notes.GetValueOrDefault(target.TargetId),
                });
                judged.Add(new TargetJudgement(target, figure, verdict, clearly, reason));
            }
        }

        // The year's judgements are one family for false-discovery control, as a month's are.
        var controlled = TargetEvaluation.ControlFalseDiscoveries(judged);
        reviews = [.. reviews.Select((r, i) => r with { Verdict = controlled[i].Verdict, Reason = controlled[i].Reason })];

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var programInstruments = await ProgramInstrumentStore.ReadAsync(connection, cancellationToken);
        return new AnnualReviewData(year, facility, through, yearRun, quarters, reviews, Rows(yearRun, scope), [.. _effectRuns.Values], priorRun,
            priorRun is null ? null : Rows(priorRun, scope))
        {
            ProgramInstruments = programInstruments,
        };
    }

    private static ReportingPeriod Year(int year, DateOnly through)
    {
        var period = ReportingPeriod.Year(year);
        return period.Start > through
            ? throw new InvalidOperationException($"--year: the data run through {through:yyyy-MM-dd}; there is nothing of {year} to review yet.")
            : period;
    }

    /// <summary>The year before <paramref name="year"/>, when the data begin before <paramref name="year"/> does; else null (nothing to compare).</summary>
    private async Task<ReportingPeriod?> PriorYearAsync(ReportingPeriod year, CancellationToken cancellationToken) =>
        await DataThrough.FirstAdmissionAsync(dataSource, cancellationToken) is { } first && first < year.Start && year.Start.Year > ReportingPeriod.EarliestYear
            ? ReportingPeriod.Year(year.Start.Year - 1)
            : null;

    private static IEnumerable<ReportingPeriod> Quarters(ReportingPeriod year)
    {
        for (var start = year.Start; start <= year.End; start = start.AddMonths(3))
        {
            yield return ReportingPeriod.Quarter(start.Year, ((start.Month - 1) / 3) + 1);
        }
    }

    /// <summary>The targets in force on some day of the year, for the population (a facility's own and the network's, or all).</summary>
    private async Task<List<OutcomeTarget>> TargetsAsync(ReportingPeriod period, string? facility, CancellationToken cancellationToken) =>
        [.. (await new TargetStore(dataSource).ListAsync(cancellationToken))
            .Where(t => t.EffectiveFrom <= period.End && (t.EffectiveTo is null || t.EffectiveTo >= period.Start))
            .Where(t => facility is null || t.FacilityId is null || t.FacilityId == facility)];

    private async Task<List<ActionPlan>> PlansAsync(int year, CancellationToken cancellationToken) =>
        [.. (await new ActionPlanStore(dataSource).ListAsync(cancellationToken))
            .Where(p => p.DecidedOn.Year == year || p.PeriodLabel.Contains(year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))];

    /// <summary>
    /// The levels a target is judged for: its own, or every level the year's run counts for the population, less the
    /// levels a more specific target of the same figure covers on some day of this one.
    /// </summary>
    private static IEnumerable<string> Levels(OutcomeTarget target, string population, AnalysisRun run, IReadOnlyList<OutcomeTarget> targets, string scope)
    {
        if (target.LevelOfCare is { } level)
        {
            return [level];
        }

        var levels = run.Figures.Where(f => f.Metric == target.Metric && f.FacilityId == population && f.ProgramKey is null && f.Grouping == target.Grouping
                                            && f.LevelOfCare != Figure.All && f.LevelOfCare != Figure.IopMinusPhp)
            .Select(f => f.LevelOfCare);
        return LevelNames.InOrder(levels).Where(l => !targets.Any(other =>
            other.Metric == target.Metric && other.Grouping == target.Grouping && (other.FacilityId ?? scope) == population
            && other.Specificity > target.Specificity && (other.LevelOfCare is null || other.LevelOfCare == l)
            && other.EffectiveFrom <= (target.EffectiveTo ?? DateOnly.MaxValue) && target.EffectiveFrom <= (other.EffectiveTo ?? DateOnly.MaxValue)));
    }

    private async Task<string> EffectAsync(
        ActionPlan plan, OutcomeTarget target, string population, string level, string? facility, DateOnly through, CancellationToken cancellationToken)
    {
        var window = ActionEffect.MonthsOf(plan, through);
        if (window.After.Count < ActionEffect.FewestMonths)
        {
            return ActionEffect.TooFewMonthsAfter(window.After.Count);
        }

        async Task<double?> ShownAsync(ReportingPeriod month)
        {
            if (!_effectRuns.TryGetValue(month.Label, out var run))
            {
                run = await AnalysisRuns.ReadAsync(dataSource, month, facility, through, cancellationToken);
                _effectRuns[month.Label] = run;
            }

            return Rows(run, population).Find(target.Metric, target.Grouping, level)?.Cells[5].Number;
        }

        var before = new List<double?>();
        foreach (var month in window.Before)
        {
            before.Add(await ShownAsync(month));
        }

        var after = new List<double?>();
        foreach (var month in window.After)
        {
            after.Add(await ShownAsync(month));
        }

        return ActionEffect.Describe(target.Metric, window, before, after);
    }

    private RunFigureRows Rows(StoredRun run, string population)
    {
        if (!_rows.TryGetValue((run.Run.RunId, population), out var rows))
        {
            rows = new RunFigureRows(run.Run, population, _metrics, disclosure);
            _rows[(run.Run.RunId, population)] = rows;
        }

        return rows;
    }
}
