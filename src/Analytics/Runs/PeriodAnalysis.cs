using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Survival;

namespace Outcomes.Analytics.Runs;

/// <summary>
/// Computes the outcome figures of one period for every facility and level of care, and for all facilities
/// together. Counting is set-based SQL grouped by facility, program and day, so memory does not grow with
/// the number of episodes; the statistics then run on those counts. Definitions: docs/metrics.md.
/// </summary>
public sealed class PeriodAnalysis(NpgsqlDataSource dataSource, SmallCellPolicy policy)
{
    public async Task<AnalysisRun> RunAsync(
        ReportingPeriod period, string? facility, DateOnly? dataThrough, int earlyDropoutDays = OutcomeDefinitions.DefaultEarlyDropoutDays,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var through = dataThrough ?? await DataThroughAsync(connection, cancellationToken);
        var parameters = new
        {
            period.Start,
            period.End,
            Facility = facility,
            Through = through,
            Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray(),
            EarlyDays = earlyDropoutDays,
            IopMinutes = OutcomeDefinitions.AsamMinimumWeeklyMinutesIop,
            PhpMinutes = OutcomeDefinitions.AsamMinimumWeeklyMinutesPhp,
            MissingDays = OutcomeDefinitions.MissingDischargeDays,
            MaxDays = OutcomeDefinitions.ReadmissionDays.Max(),
            IntakeDays = OutcomeDefinitions.IntakeScreenDays,
        };

        await ForLaneAsync(connection, cancellationToken);
        await StatisticsAsync(connection, cancellationToken);
        var months = await MonthsAsync(connection, parameters, cancellationToken);

        // The statements run in two lanes, each on a connection of its own, so that the server works on two at a time.
        // Lane 1 first copies the period's episodes with their program and patient columns into a temporary table
        // (PeriodEpisodes) and reads it for the figures that need the patients' columns or come after it; lane 0 reads
        // the month rows (the months table made above lives on its connection), the outcome counts and readmission from
        // the episodes, and the other tables, so that the two lanes take about as long. Neither lane waits for the
        // other: the ASAM figure joins the attendance sums with the weeks in care (counted with the outcomes) once both
        // lanes are done, and the case mix's weighting runs on the client while lane 1 goes on. Each lane runs its steps
        // in the order of their turn; the figures keep the order of the steps, whichever lane ran them.
        IReadOnlyList<RateCounts> weeksInCare = [];
        Step[] steps =
        [
            new(1, 0, async c =>
            {
                await c.ExecuteAsync(new CommandDefinition(RateQueries.PeriodEpisodes, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
                return Done([]);
            }),
            new(0, 1, async c =>
            {
                var (figures, weeks) = await EpisodeCountsAsync(c, parameters, cancellationToken);
                weeksInCare = weeks;
                return Done(figures);
            }),
            new(1, 3, async c => Done(await RetentionAsync(c, parameters, cancellationToken))),
            new(1, 4, async c => Done(await LengthOfStayAsync(c, parameters, cancellationToken))),
            new(1, 5, async c => Done(await FirstPositiveScreenAsync(c, parameters, cancellationToken))),
            new(0, 0, async c =>
            {
                var sums = await AttendanceSumsAsync(c, months, parameters, cancellationToken);
                return () => Task.FromResult(AttendanceFigures(sums, weeksInCare));
            }),
            new(0, 2, async c => Done(await FamilyInvolvementAsync(c, period, parameters, cancellationToken))),
            new(0, 4, async c => Done(await RateFiguresAsync(c, parameters, cancellationToken))),
            new(1, 6, async c => Done(await StepDownsAsync(c, parameters, cancellationToken))),
            new(1, 7, async c => Done(await FieldCompletenessAsync(c, parameters, cancellationToken))),
            new(0, 3, async c => Done(await ReadmissionAsync(c, parameters, cancellationToken))),
            new(0, 5, async c => Done([await QuarantinedRowsAsync(c, period, cancellationToken)])),
            new(1, 1, async c =>
            {
                var episodes = await CaseMixQuery.LoadAsync(c, parameters, cancellationToken);
                var weighting = Task.Run(() => (IEnumerable<Figure>)[.. CaseMixQuery.Figures(episodes)], cancellationToken);
                return () => weighting;
            }),
        ];
        var finish = new Func<Task<IEnumerable<Figure>>>[steps.Length];
        async Task LaneAsync(NpgsqlConnection lane, int number)
        {
            foreach (var i in Enumerable.Range(0, steps.Length).Where(i => steps[i].Lane == number).OrderBy(i => steps[i].Turn))
            {
                finish[i] = await steps[i].Run(lane);
            }
        }

        await using (var second = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await ForLaneAsync(second, cancellationToken);
            await Task.WhenAll(LaneAsync(connection, 0), LaneAsync(second, 1));
        }

        var results = new List<IEnumerable<Figure>>();
        foreach (var step in finish)
        {
            results.Add(await step());
        }

        var figures = results.SelectMany(r => r).ToList();
        return new AnalysisRun(Guid.NewGuid(), period, facility, through, earlyDropoutDays, OutcomeDefinitions.Version, figures);
    }

    /// <summary>
    /// Session settings of a lane's connection (the pool resets them when the connection goes back):
    /// <list type="bullet">
    /// <item>No just-in-time compilation: the analysis runs a dozen grouped statements of a second or two; compiling
    /// their expressions costs more than it saves.</item>
    /// <item>No parallel workers: the two lanes already keep two cores busy, and a statement's workers then only
    /// compete with the other lane (on two cores the trailing year took 5.9-6.5 s with workers off against 6.8 s with
    /// two per statement, docs/performance.md). On a server with many more cores than two, workers (or more lanes)
    /// would pay again; that is not measured here.</item>
    /// </list>
    /// </summary>
    private static Task ForLaneAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("set jit = off; set max_parallel_workers_per_gather = 0", cancellationToken: cancellationToken));

    /// <summary>
    /// A step of the analysis, the lane (connection) it runs in and its turn there. It hands back what finishes its
    /// figures once both lanes are done: most have them already (<see cref="Done"/>).
    /// </summary>
    private sealed record Step(int Lane, int Turn, Func<NpgsqlConnection, Task<Func<Task<IEnumerable<Figure>>>>> Run);

    private static Func<Task<IEnumerable<Figure>>> Done(IEnumerable<Figure> figures) => () => Task.FromResult(figures);

    private async Task<IEnumerable<Figure>> RateFiguresAsync(NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        foreach (var (metric, sql, isRate) in RateFigures)
        {
            var rows = await connection.QueryAsync<RateCounts>(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
            figures.AddRange(RatesAndDifferences(metric, [.. rows], isRate));
        }

        return figures;
    }

    /// <summary>Readmission within each number of days of <see cref="OutcomeDefinitions.ReadmissionDays"/> (see <see cref="RateQueries.Readmission"/>).</summary>
    private async Task<IEnumerable<Figure>> ReadmissionAsync(NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<ReadmissionCounts>(new CommandDefinition(
            RateQueries.Readmission, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var figures = new List<Figure>();
        foreach (var days in OutcomeDefinitions.ReadmissionDays)
        {
            var counts = rows.Where(r => r.FollowedDays >= days).GroupBy(r => (r.Facility, r.Level, r.ProgramKey))
                .Select(g => new RateCounts(g.Key.Facility, g.Key.Level, g.Key.ProgramKey, "", g.Where(r => r.ReadmittedAfter <= days).Sum(r => r.N), g.Sum(r => r.N)));
            figures.AddRange(RatesAndDifferences($"readmission_{days}d", [.. counts], isRate: true));
        }

        return figures;
    }

    private static async Task<DateOnly> DataThroughAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await DataThrough.LatestAsync(connection, cancellationToken)
        ?? throw new InvalidOperationException("There are no episodes to analyse yet: ingest a drop folder first.");

    /// <summary>
    /// Gives the small lookup tables planner statistics when they have none. Autovacuum analyzes a table only after
    /// 50 rows have changed, so a center's few programs and facilities are never analyzed; without statistics the
    /// planner takes the program table for hundreds of rows, misjudges every join through it and picks nested loops
    /// over hundreds of thousands of episodes (the ASAM week grid took 11 s instead of 7 s on the benchmark year).
    /// </summary>
    private static Task StatisticsAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        // ANALYZE needs the table's owner: the analyst role calls the owner's function (migration 0015), which
        // analyzes program and facility only when they have no statistics yet.
        connection.ExecuteAsync(new CommandDefinition("select refresh_lookup_statistics()", cancellationToken: cancellationToken));

    /// <summary>
    /// The table the attendance figures read: the stored monthly summary, or, when sessions of the period lie after
    /// the data-through date (an analysis as of an earlier day), the same rows built from the sessions up to it.
    /// </summary>
    private static async Task<string> MonthsAsync(NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
    {
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(RateQueries.SessionsAfterThrough, parameters, cancellationToken: cancellationToken)))
        {
            return RateQueries.StoredMonths;
        }

        await connection.ExecuteAsync(new CommandDefinition(RateQueries.PeriodMonths, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        return "period_month";
    }

    /// <summary>
    /// Minutes attended of minutes scheduled, no-shows by session kind and weeks meeting the ASAM minimum hours, summed
    /// per program from <paramref name="months"/> (see <see cref="MonthsAsync"/>).
    /// </summary>
    private static async Task<IReadOnlyList<AttendanceRow>> AttendanceSumsAsync(
        NpgsqlConnection connection, string months, object parameters, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<AttendanceRow>(new CommandDefinition(RateQueries.AttendanceSums(months), parameters, commandTimeout: 0, cancellationToken: cancellationToken))];

    /// <summary>
    /// The attendance figures from the sums of <see cref="AttendanceSumsAsync"/>; the ASAM figure's denominator is the
    /// weeks in care counted with the period's episodes (<see cref="EpisodeCountsAsync"/>).
    /// </summary>
    private IEnumerable<Figure> AttendanceFigures(IReadOnlyList<AttendanceRow> sums, IReadOnlyList<RateCounts> weeksInCare)
    {
        var met = sums.DistinctBy(r => r.ProgramKey).ToDictionary(r => r.ProgramKey, r => r.WeeksMet);
        var asam = weeksInCare.Select(r => r with { Events = met.GetValueOrDefault(r.ProgramKey) });
        var minutes = sums.DistinctBy(r => (r.Facility, r.ProgramKey)).Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, "", r.Attended, r.Scheduled));
        var noShows = sums.Where(r => r.Expected > 0).Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, r.Kind, r.NoShows, r.Expected));
        return [.. RatesAndDifferences("asam_weeks_met", [.. asam], isRate: true)
            .Concat(RatesAndDifferences("attended_minutes_share", [.. minutes], isRate: false))
            .Concat(RatesAndDifferences("no_show", [.. noShows], isRate: true))];
    }

    /// <summary>Family involvement among discharges of the period, and completion with and without it.</summary>
    /// <remarks>A month's discharges are few enough to look up one by one; a longer period's are read in one pass.</remarks>
    private async Task<IEnumerable<Figure>> FamilyInvolvementAsync(NpgsqlConnection connection, ReportingPeriod period, object parameters, CancellationToken cancellationToken)
    {
        var sql = period.End.DayNumber - period.Start.DayNumber < 31 ? RateQueries.FamilyInvolvementByLookup : RateQueries.FamilyInvolvement;
        var rows = (await connection.QueryAsync<FamilyRow>(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var involvement = rows.GroupBy(r => (r.Facility, r.Level, r.ProgramKey))
            .Select(g => new RateCounts(g.Key.Facility, g.Key.Level, g.Key.ProgramKey, "", g.Where(r => r.Involved).Sum(r => r.Total), g.Sum(r => r.Total)));
        var completion = rows.Select(r => new RateCounts(
            r.Facility, r.Level, r.ProgramKey, r.Involved ? "with family involvement" : "without family involvement", r.Completed, r.Total));
        return RatesAndDifferences("family_involvement", [.. involvement], isRate: true)
            .Concat(RatesAndDifferences("completion_by_family_involvement", [.. completion], isRate: true));
    }

    /// <summary>
    /// Figures from <see cref="RateQueries"/>: a metric name, its query, and whether it is a proportion of
    /// patients (with an interval) or a ratio of amounts such as minutes (without one).
    /// </summary>
    private static readonly (string Metric, string Sql, bool IsRate)[] RateFigures =
    [
        ("positive_screen_per_screen", RateQueries.PositivePerScreen, true),
        ("positive_screen_per_patient", RateQueries.PositivePerPatient, true),
        ("follow_up_reach", RateQueries.FollowUpReach, true),
        ("abstinence_at_follow_up", RateQueries.AbstinenceAtFollowUp, true),
        ("missing_discharge", RateQueries.MissingDischarge, true),
    ];

    /// <summary>PHP discharges that stepped down to IOP, and of those whose IOP stay has ended, the ones that completed the path.</summary>
    private async Task<IEnumerable<Figure>> StepDownsAsync(NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<StepDownCounts>(new CommandDefinition(RateQueries.StepDowns, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        return RatesAndDifferences("step_down_to_iop", [.. rows.Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, "", r.SteppedDown, r.Total))], isRate: true)
            .Concat(RatesAndDifferences("step_down_completed", [.. rows.Where(r => r.Ended > 0).Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, "", r.Completed, r.Ended))], isRate: true));
    }

    private async Task<IEnumerable<Figure>> FieldCompletenessAsync(NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<RateCounts>(new CommandDefinition(RateQueries.FieldCompleteness, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        return RatesAndDifferences("field_completeness", [.. rows], isRate: true);
    }

    /// <summary>
    /// One pass over the episodes of the period: completion, dropout and transfer among episodes discharged in it;
    /// unplanned discharge within N days among admissions of the period whose N days have passed; and, for the ASAM
    /// minimum-hours figure, the whole calendar weeks in care within the period of IOP and PHP stays (counted from each
    /// stay's first Monday in the period to its last day in it), returned beside the figures. Reads the episodes table
    /// (not <see cref="RateQueries.PeriodEpisodes"/>), so that it runs in the lane beside the one that builds that.
    /// </summary>
    private async Task<(IEnumerable<Figure> Figures, IReadOnlyList<RateCounts> WeeksInCare)> EpisodeCountsAsync(
        NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
    {
        const string sql = $"""
            with period_episode as (
                select e.facility_id, p.level_of_care, e.program_key, e.discharge_reason,
                       e.discharged_on between @Start and @End as discharged,
                       e.admitted_on between @Start and @End
                           and (e.admitted_on + @EarlyDays <= @Through or (e.discharged_on is not null and e.discharged_on <= @Through)) as early_counted,
                       e.discharge_reason = any(@Unplanned) as unplanned,
                       e.discharged_on - e.admitted_on as days,
                       p.level_of_care in ('iop', 'php') and e.admitted_on <= least(@End, @Through) as in_care,
                       greatest(e.admitted_on, @Start) as first_day,
                       least(coalesce(e.discharged_on, @Through), @End, @Through) as last_day
                from episode e
                join program p on p.program_key = e.program_key
                where {RateQueries.InPeriod}
            )
            select facility_id as Facility, level_of_care as Level, program_key as ProgramKey,
                   count(*) filter (where discharged) as Discharged,
                   count(*) filter (where discharged and discharge_reason = 'completed') as Completed,
                   count(*) filter (where discharged and unplanned) as Unplanned,
                   count(*) filter (where discharged and discharge_reason = 'transferred') as Transferred,
                   count(*) filter (where early_counted and unplanned and days <= @EarlyDays) as EarlyEvents,
                   count(*) filter (where early_counted) as EarlyTotal,
                   count(*) filter (where in_care) as InCare,
                   coalesce(sum(greatest(0, (last_day - (first_day + (8 - extract(isodow from first_day)::int) % 7) + 1) / 7))
                                filter (where in_care), 0)::bigint as WeeksInCare
            from period_episode
            group by 1, 2, 3
            """;
        var rows = (await connection.QueryAsync<EpisodeCounts>(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var discharged = rows.Where(r => r.Discharged > 0).ToList();
        var figures = new List<Figure>();
        foreach (var (metric, pick) in new (string, Func<EpisodeCounts, long>)[]
                 {
                     ("completion", r => r.Completed), ("dropout", r => r.Unplanned), ("transfer", r => r.Transferred),
                 })
        {
            figures.AddRange(RatesAndDifferences(metric, [.. discharged.Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, "", pick(r), r.Discharged))], isRate: true));
        }

        figures.AddRange(RatesAndDifferences("early_dropout",
            [.. rows.Where(r => r.EarlyTotal > 0).Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, "", r.EarlyEvents, r.EarlyTotal))], isRate: true));
        return (figures, [.. rows.Where(r => r.InCare > 0).Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, "", 0, r.WeeksInCare))]);
    }

    /// <summary>Rows quarantined by file loads started in the period (all facilities: a bad row may not name one).</summary>
    private async Task<Figure> QuarantinedRowsAsync(NpgsqlConnection connection, ReportingPeriod period, CancellationToken cancellationToken)
    {
        const string sql = """
            select count(*) filter (where q.quarantine_id is not null)::int as Quarantined, coalesce(sum(distinct b.rows_read), 0)::bigint as Read
            from ingest_batch b
            left join ingest_quarantine q on q.batch_id = b.batch_id
            where b.started_at >= @Start and b.started_at < @After
            """;
        var (quarantined, read) = await connection.QuerySingleAsync<(int, long)>(new CommandDefinition(
            sql, new { Start = period.Start.ToDateTime(TimeOnly.MinValue), After = period.End.AddDays(1).ToDateTime(TimeOnly.MinValue) },
            cancellationToken: cancellationToken));
        return new Figure("quarantined_rows", Figure.All, Figure.All, null, "", quarantined, quarantined, read,
            read == 0 ? null : (double)quarantined / read, null, null, false, "rows quarantined by file loads started in the period, of rows read");
    }

    /// <summary>Kaplan–Meier retention of admissions in the period, censored at the data-through date.</summary>
    private async Task<IEnumerable<Figure>> RetentionAsync(NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
    {
        const string sql = """
            select e.facility_id as Facility, e.level_of_care as Level,
                   (least(coalesce(e.discharged_on, @Through), @Through) - e.admitted_on)::int as Days,
                   count(*) filter (where e.discharged_on is not null and e.discharged_on <= @Through)::int as Events,
                   count(*) filter (where e.discharged_on is null or e.discharged_on > @Through)::int as Censored
            from pg_temp.period_episode e
            where e.admitted_on between @Start and @End and e.admitted_on <= @Through
            group by 1, 2, 3
            """;
        var rows = (await connection.QueryAsync<RetentionCounts>(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var figures = new List<Figure>();
        var scopes = rows.Select(r => r.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All);
        foreach (var facility in scopes)
        {
            var inScope = rows.Where(r => facility == Figure.All || r.Facility == facility).ToList();
            var curves = new Dictionary<string, List<SurvivalCount>>();
            foreach (var level in inScope.Select(r => r.Level).Distinct().Order(StringComparer.Ordinal))
            {
                var counts = inScope.Where(r => r.Level == level).GroupBy(r => r.Days)
                    .Select(g => new SurvivalCount(g.Key, g.Sum(r => r.Events), g.Sum(r => r.Censored))).ToList();
                curves[level] = counts;
                var curve = KaplanMeierCurve.FitCounts(counts);
                var n = curve.Count;
                var suppressed = policy.IsSmall(n);
                var (lower, upper) = curve.MedianInterval;
                figures.Add(new Figure("retention_median_days", facility, level, null, "", n, null, n, curve.Median, lower, upper, suppressed,
                    curve.Median is null ? "fewer than half have left care" : null));
                foreach (var day in OutcomeDefinitions.RetentionDays)
                {
                    var (survival, interval) = curve.At(day);
                    figures.Add(new Figure("retention", facility, level, null, $"day {day}", n, null, n, survival, interval.Lower, interval.Upper, suppressed, null));
                }

                if (level is OutcomeDefinitions.Iop or OutcomeDefinitions.Php)
                {
                    // The curve itself, every 7 days: the numerator is the number still at risk on that day.
                    foreach (var day in OutcomeDefinitions.RetentionCurveDays)
                    {
                        var (survival, interval) = curve.At(day);
                        figures.Add(new Figure("retention_curve", facility, level, null, $"day {day}", n, curve.AtRisk(day), n, survival,
                            interval.Lower, interval.Upper, suppressed, "Kaplan–Meier estimate on that day; numerator: number at risk (still in care and followed)"));
                    }
                }
            }

            if (curves.TryGetValue(OutcomeDefinitions.Iop, out var iop) && curves.TryGetValue(OutcomeDefinitions.Php, out var php))
            {
                var test = LogRankTest.CompareCounts(iop, php);
                var n = iop.Sum(c => c.Events + c.Censored) + php.Sum(c => c.Events + c.Censored);
                figures.Add(new Figure("retention_logrank", facility, Figure.IopMinusPhp, null, "", n, test.ObservedFirst, test.ExpectedFirst,
                    test.ChiSquare, null, null, false, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"chi-square {test.ChiSquare:F2} on 1 df, {(test.PValue < 0.0001 ? "p < 0.0001" : $"p = {test.PValue:F4}")}")));
            }
        }

        return figures;
    }

    /// <summary>
    /// Days from admission to the first positive screen in care, for admissions of the period (Kaplan–Meier:
    /// censored at discharge or at the data-through date); reported as the share still without a positive
    /// screen at day 30, 60 and 90.
    /// </summary>
    private async Task<IEnumerable<Figure>> FirstPositiveScreenAsync(NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
    {
        const string sql = """
            with positives as (
                select d.episode_key, min(d.collected_on) as positive_on
                from drug_screen d
                where d.result = 'positive' and d.collected_on between @Start and @Through
                group by d.episode_key
            ), first_positive as (
                select e.episode_key, e.facility_id, e.level_of_care, e.admitted_on,
                       least(coalesce(e.discharged_on, @Through), @Through) as end_of_care,
                       case when f.positive_on <= coalesce(e.discharged_on, @Through) then f.positive_on end as positive_on
                from pg_temp.period_episode e
                left join positives f on f.episode_key = e.episode_key
                where e.admitted_on between @Start and @End and e.admitted_on <= @Through
            )
            select facility_id as Facility, level_of_care as Level,
                   (coalesce(positive_on, end_of_care) - admitted_on)::int as Days,
                   count(*) filter (where positive_on is not null)::int as Events,
                   count(*) filter (where positive_on is null)::int as Censored
            from first_positive
            group by 1, 2, 3
            """;
        var rows = (await connection.QueryAsync<RetentionCounts>(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var figures = new List<Figure>();
        foreach (var facility in rows.Select(r => r.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All))
        {
            foreach (var level in rows.Select(r => r.Level).Distinct().Order(StringComparer.Ordinal))
            {
                var counts = rows.Where(r => r.Level == level && (facility == Figure.All || r.Facility == facility)).GroupBy(r => r.Days)
                    .Select(g => new SurvivalCount(g.Key, g.Sum(r => r.Events), g.Sum(r => r.Censored))).ToList();
                if (counts.Count == 0)
                {
                    continue;
                }

                var curve = KaplanMeierCurve.FitCounts(counts);
                foreach (var day in OutcomeDefinitions.RetentionDays)
                {
                    var (free, interval) = curve.At(day);
                    figures.Add(new Figure("free_of_positive_screen", facility, level, null, $"day {day}", curve.Count, null, curve.Count,
                        free, interval.Lower, interval.Upper, policy.IsSmall(curve.Count), "Kaplan–Meier share without a positive screen since admission"));
                }
            }
        }

        return figures;
    }

    /// <summary>Median and interquartile range of days in care among episodes discharged in the period, by reason.</summary>
    /// <remarks>
    /// The server counts discharges per facility, level, reason and number of days (a few hundred rows); the quartiles of
    /// each grouping are read off those counts here, the way PostgreSQL's <c>percentile_cont</c> computes them, instead of
    /// sorting the period's discharges once per grouping.
    /// </remarks>
    private async Task<IEnumerable<Figure>> LengthOfStayAsync(NpgsqlConnection connection, object parameters, CancellationToken cancellationToken)
    {
        const string sql = """
            select e.facility_id as Facility, e.level_of_care as Level, e.discharge_reason as Reason,
                   e.discharged_on - e.admitted_on as Days, count(*)::int as N
            from pg_temp.period_episode e
            where e.discharged_on between @Start and @End
            group by 1, 2, 3, 4
            """;
        var counts = (await connection.QueryAsync<StayCount>(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var groupings = new (Func<StayCount, string> Facility, Func<StayCount, string> Reason)[]
        {
            (c => c.Facility, c => c.Reason), (c => c.Facility, _ => Figure.All), (_ => Figure.All, c => c.Reason), (_ => Figure.All, _ => Figure.All),
        };
        var figures = new List<Figure>();
        foreach (var (facility, reason) in groupings)
        {
            foreach (var group in counts.GroupBy(c => (Facility: facility(c), c.Level, Reason: reason(c)))
                         .OrderBy(g => g.Key.Facility, StringComparer.Ordinal).ThenBy(g => g.Key.Level, StringComparer.Ordinal).ThenBy(g => g.Key.Reason, StringComparer.Ordinal))
            {
                var histogram = group.GroupBy(c => c.Days).Select(g => (Days: g.Key, N: g.Sum(c => c.N))).OrderBy(x => x.Days).ToList();
                var n = histogram.Sum(x => x.N);
                figures.Add(new Figure("length_of_stay_days", group.Key.Facility, group.Key.Level, null, group.Key.Reason == Figure.All ? "" : group.Key.Reason, n,
                    null, n, Quantile(histogram, 0.5), Quantile(histogram, 0.25), Quantile(histogram, 0.75), policy.IsSmall(n), "median; bounds are the interquartile range"));
            }
        }

        return figures;
    }

    /// <summary>
    /// The continuous quantile of values given as (value, count), sorted by value: PostgreSQL's <c>percentile_cont</c>,
    /// linear interpolation between the order statistics either side of q·(n − 1).
    /// </summary>
    internal static double Quantile(IReadOnlyList<(int Value, int Count)> histogram, double q)
    {
        long n = histogram.Sum(x => (long)x.Count);
        var position = q * (n - 1);
        var first = (long)Math.Floor(position);
        var second = (long)Math.Ceiling(position);
        double At(long index)
        {
            long seen = 0;
            foreach (var (value, count) in histogram)
            {
                seen += count;
                if (index < seen)
                {
                    return value;
                }
            }

            throw new ArgumentOutOfRangeException(nameof(index));
        }

        var low = At(first);
        return first == second ? low : low + ((At(second) - low) * (position - first));
    }

    /// <summary>
    /// A rate per program, per facility and level, and for all facilities per level (each per grouping), with
    /// Wilson intervals; then the IOP minus PHP difference with Newcombe's interval. Ratios of amounts
    /// (<paramref name="isRate"/> false) get no interval and no difference.
    /// </summary>
    private IEnumerable<Figure> RatesAndDifferences(string metric, IReadOnlyList<RateCounts> counts, bool isRate)
    {
        foreach (var program in counts)
        {
            yield return Rate(metric, program.Facility, program.Level, program.ProgramKey, program.Grouping, program.Events, program.Total, isRate);
        }

        var scopes = counts.Select(c => c.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All);
        foreach (var facility in scopes)
        {
            foreach (var grouping in counts.Select(c => c.Grouping).Distinct().Order(StringComparer.Ordinal))
            {
                var inScope = counts.Where(c => (facility == Figure.All || c.Facility == facility) && c.Grouping == grouping).ToList();
                var byLevel = inScope.GroupBy(c => c.Level).ToDictionary(g => g.Key, g => new Proportion(g.Sum(c => c.Events), g.Sum(c => c.Total)));
                foreach (var (level, proportion) in byLevel.OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    yield return Rate(metric, facility, level, null, grouping, proportion.Numerator, proportion.Denominator, isRate);
                }

                yield return Rate(metric, facility, Figure.All, null, grouping, inScope.Sum(c => c.Events), inScope.Sum(c => c.Total), isRate);

                if (isRate && byLevel.TryGetValue(OutcomeDefinitions.Iop, out var iop) && byLevel.TryGetValue(OutcomeDefinitions.Php, out var php))
                {
                    var (difference, interval) = NewcombeDifference.For(iop, php);
                    yield return new Figure(metric, facility, Figure.IopMinusPhp, null, grouping, (int)(iop.Denominator + php.Denominator),
                        null, null, difference, interval.Lower, interval.Upper, Small(iop) || Small(php), "IOP minus PHP, crude; Newcombe hybrid score interval");
                }
            }
        }
    }

    private Figure Rate(string metric, string facility, string level, int? programKey, string grouping, long events, long total, bool isRate)
    {
        var proportion = new Proportion(events, total);
        if (!isRate)
        {
            return new Figure(metric, facility, level, programKey, grouping, 0, events, total, proportion.Estimate, null, null, false,
                "a ratio of amounts, not of patients: no interval");
        }

        var interval = proportion.Wilson();
        return new Figure(metric, facility, level, programKey, grouping, (int)total, events, total, proportion.Estimate,
            interval.Lower, interval.Upper, Small(proportion), null);
    }

    /// <summary>A rate shows a small cell when its count, its complement or its denominator is 1 to threshold − 1.</summary>
    private bool Small(Proportion p) =>
        policy.IsSmall(p.Numerator) || policy.IsSmall(p.Denominator - p.Numerator) || policy.IsSmall(p.Denominator);

    private sealed record EpisodeCounts(
        string Facility, string Level, int ProgramKey, long Discharged, long Completed, long Unplanned, long Transferred,
        long EarlyEvents, long EarlyTotal, long InCare, long WeeksInCare);

    private sealed record AttendanceRow(string Facility, string Level, int ProgramKey, long Attended, long Scheduled, long WeeksMet, string Kind, long NoShows, long Expected);

    private sealed record FamilyRow(string Facility, string Level, int ProgramKey, bool Involved, long Completed, long Total);

    private sealed record RetentionCounts(string Facility, string Level, int Days, int Events, int Censored);

    private sealed record ReadmissionCounts(string Facility, string Level, int ProgramKey, int? ReadmittedAfter, int FollowedDays, long N);

    private sealed record StepDownCounts(string Facility, string Level, int ProgramKey, long Total, long SteppedDown, long Ended, long Completed);

    private sealed record StayCount(string Facility, string Level, string Reason, int Days, int N);
}
