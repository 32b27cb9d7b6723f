using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Periods;

namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>Raising flags from a day's scores, the worklist, reviews, and how useful the flags turned out.</summary>
public sealed class FlagStore(NpgsqlDataSource dataSource)
{
    /// <summary>An episode is not flagged again within this many days of its last flag, whatever became of it.</summary>
    public const int CooldownDays = 14;

    /// <summary>
    /// The lowest risk that may raise a flag when none is configured: 10% of an unplanned discharge within the horizon,
    /// about half the 30-day rate among the demo's held-out snapshots (22%). Below it a flagged patient is more likely than
    /// not doing better than the average patient, and the team's time is better kept for the next day's higher risks
    /// (in simulation, top-10 a week with no floor flagged risks as low as 1.5%).
    /// </summary>
    public const double DefaultRiskFloor = 0.10;

    /// <summary>The capacity is counted over this many days up to the scoring day, a rolling week rather than Monday to Sunday.</summary>
    public const int CapacityDays = 7;

    /// <summary>
    /// Raises new flags from the scores of <paramref name="modelId"/> on <paramref name="day"/>: in each facility the
    /// highest risks at or above <paramref name="riskFloor"/> among episodes without a flag in the last
    /// <see cref="CooldownDays"/> days, up to the team's capacity (<see cref="FlagCapacity.For"/> the facility's
    /// <paramref name="patientsInCare"/> on the day) less the flags already raised in the
    /// <see cref="CapacityDays"/> days ending on <paramref name="day"/> — a rolling week, so a high risk appearing on a
    /// Tuesday does not wait for Monday's reset. Then marks every score whose episode is on the worklist. Runs in the
    /// caller's transaction, right after the day's scores were written, all unflagged, with <c>rank_in_facility</c>
    /// numbering them in each facility by risk, highest first, then by episode key; returns the number of flags raised.
    /// </summary>
    internal static async Task<int> RaiseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long modelId, int horizonDays, DateOnly day, FlagCapacity capacity,
        IReadOnlyDictionary<string, int> patientsInCare, double riskFloor, CancellationToken cancellationToken)
    {
        const string raise = """
            with capacity as (
                select facility_id, capacity from unnest(@Facilities::text[], @Capacities::int[]) as c(facility_id, capacity)
            ), used as (
                select facility_id, count(*) as raised
                from risk_flag
                where raised_on > @Day - @CapacityDays and raised_on <= @Day
                group by facility_id
            ), cooling as (
                select count(*) as flags
                from risk_flag f
                where f.status in ('open', 'acknowledged') or f.raised_on > @Day - @CooldownDays
            ), candidates as (
                -- A score ranked below capacity + every flag that may hold an episode back cannot be among the first
                -- `capacity` candidates of its facility: only the top of each facility's ranking is read.
                select r.episode_key, e.facility_id, r.probability, r.rank_in_facility, r.reasons,
                       row_number() over (partition by e.facility_id order by r.probability desc, r.episode_key) as n
                from risk_score r
                join episode e on e.episode_key = r.episode_key
                join capacity k on k.facility_id = e.facility_id
                where r.model_id = @ModelId and r.scored_on = @Day and r.probability >= @Floor
                  and r.rank_in_facility <= k.capacity + (select flags from cooling)
                  and not exists (select 1 from risk_flag f where f.episode_key = r.episode_key
                                  and (f.status in ('open', 'acknowledged') or f.raised_on > @Day - @CooldownDays))
            )
            insert into risk_flag (episode_key, facility_id, model_id, raised_on, horizon_days, probability, rank_in_facility, reasons, threshold_rule)
            select c.episode_key, c.facility_id, @ModelId, @Day, @HorizonDays, c.probability, c.rank_in_facility, c.reasons, @Rule
            from candidates c
            join capacity k on k.facility_id = c.facility_id
            left join used u on u.facility_id = c.facility_id
            where c.n <= k.capacity - coalesce(u.raised, 0)
            """;
        // The day's scores were written unflagged: only those on the worklist change (rewriting every score cost seconds).
        const string mark = """
            update risk_score r set flagged = true
            from risk_flag f
            where f.episode_key = r.episode_key and f.status in ('open', 'acknowledged')
              and r.model_id = @ModelId and r.scored_on = @Day and not r.flagged
            """;
        var facilities = patientsInCare.Keys.Order(StringComparer.Ordinal).ToArray();
        var parameters = new
        {
            ModelId = modelId, Day = day, HorizonDays = horizonDays, CooldownDays, CapacityDays, Floor = riskFloor,
            Facilities = facilities,
            Capacities = facilities.Select(f => capacity.For(patientsInCare[f])).ToArray(),
            Rule = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"highest risks of at least {riskFloor * 100:0.#}%, {capacity.RuleText} in any {CapacityDays} days; not again within {CooldownDays} days of a flag"),
        };
        var raised = await connection.ExecuteAsync(new CommandDefinition(raise, parameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(mark, parameters, transaction, cancellationToken: cancellationToken));
        return raised;
    }

    /// <summary>
    /// Episodes with a flag raised in <paramref name="period"/> (by any model), for one facility or all (null), by level of
    /// care, how their care had ended by <paramref name="dataThrough"/>, and the review status of the episode's latest flag
    /// of the period on that date: the last review recorded by the end of that day (risk_flag_review), or open when none was.
    /// </summary>
    public async Task<IReadOnlyList<FlagOutcomeCount>> OutcomesAsync(
        ReportingPeriod period, string? facility, DateOnly dataThrough, CancellationToken cancellationToken = default)
    {
        const string sql = """
            with flagged as (
                select distinct on (f.episode_key) f.episode_key, f.flag_id
                from risk_flag f
                where f.raised_on between @Start and @End and (@Facility::text is null or f.facility_id = @Facility)
                order by f.episode_key, f.raised_on desc, f.flag_id desc
            )
            select p.level_of_care as Level,
                   case when e.discharged_on is null or e.discharged_on > @Through then 'still in care'
                        when e.discharge_reason = 'completed' then 'completed'
                        when e.discharge_reason = any(@Unplanned) then 'unplanned discharge'
                        when e.discharge_reason = 'transferred' then 'transferred'
                        else 'other discharge' end as Outcome,
                   coalesce(r.to_status, 'open') as Status,
                   count(*) as Episodes
            from flagged f join episode e on e.episode_key = f.episode_key join program p on p.program_key = e.program_key
            left join lateral (
                select v.to_status from risk_flag_review v
                where v.flag_id = f.flag_id and v.reviewed_at < (@Through::date + 1)::timestamp
                order by v.reviewed_at desc, v.review_id desc limit 1
            ) r on true
            group by 1, 2, 3 order by 1, 2, 3
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<FlagOutcomeCount>(new CommandDefinition(sql, new
        {
            period.Start,
            period.End,
            Facility = facility,
            Through = dataThrough,
            Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray(),
        }, commandTimeout: 0, cancellationToken: cancellationToken))];
    }

    // The flags of a follow-through and what is counted of them: one definition for the report's month and the web
    // page's months (FollowThroughAsync, FollowThroughAndOutreachAsync), in three parts so that the web page's reading can
    // add the latest step's action (which the reporter role is not granted) to the same read of the steps.
    private const string FollowThroughFlagsSql = FollowThroughFlagsHead + FollowThroughFlagsSteps + FollowThroughFlagsTail;

    private const string FollowThroughFlagsWithActionSql = FollowThroughFlagsHead + ", r.action" + FollowThroughFlagsSteps
        + ",\n(array_agg(v.action order by v.reviewed_at desc, v.review_id desc))[1] as action" + FollowThroughFlagsTail;

    private const string FollowThroughFlagsHead = """
            with flags as materialized (
                select f.raised_on, date_trunc('month', f.raised_on::timestamp)::date as month, f.horizon_days, e.discharged_on,
                       coalesce(e.discharge_reason, '') as reason, f.raised_on + f.horizon_days <= @Through as matured,
                       r.first_review, r.status
        """;

    private const string FollowThroughFlagsSteps = """

                from risk_flag f
                join episode e on e.episode_key = f.episode_key
                -- One read of a flag's review steps for all that is counted of them (each step read costs a row-level
                -- security check for a facility-limited login), and the flags materialized so that no count reads them again.
                left join lateral (
                    select min(v.reviewed_at) as first_review,
                           (array_agg(v.to_status order by v.reviewed_at desc, v.review_id desc))[1] as status
        """;

    private const string FollowThroughFlagsTail = """

                    from risk_flag_review v
                    where v.flag_id = f.flag_id and v.reviewed_at < (@Through::date + 1)::timestamp
                ) r on true
                where f.raised_on between @Start and @End and (@Facility::text is null or f.facility_id = @Facility)
            )
        """;

    private const string FollowThroughCountsSql = """
            select count(*)::int as Raised,
                   count(first_review)::int as Reviewed,
                   count(*) filter (where status = 'acknowledged')::int as Acknowledged,
                   count(*) filter (where status = 'outreach_done')::int as OutreachDone,
                   count(*) filter (where status = 'dismissed')::int as Dismissed,
                   count(*) filter (where discharged_on is null or discharged_on > @Through)::int as StillInCare,
                   count(*) filter (where discharged_on <= @Through and reason = 'completed')::int as Completed,
                   count(*) filter (where discharged_on <= @Through and reason = any(@Unplanned))::int as DroppedOut,
                   count(*) filter (where discharged_on <= @Through and reason <> 'completed' and not reason = any(@Unplanned))::int as OtherDischarge,
                   count(*) filter (where matured)::int as Matured,
                   count(*) filter (where matured and reason = any(@Unplanned) and discharged_on > raised_on
                                    and discharged_on <= raised_on + horizon_days)::int as DroppedOutWithinHorizon,
                   percentile_cont(0.5) within group (order by (first_review::date - raised_on)::double precision) as MedianDaysToReview
        """;

    /// <summary>
    /// What became of the flags raised in <paramref name="month"/>, for one facility or all (null), as of
    /// <paramref name="dataThrough"/> (<see cref="FlagFollowThrough"/>): each flag judged on its own horizon, with the mix
    /// of the flags' reasons by warning sign, their horizons and the rules that raised them. Reads only the columns the
    /// reporter role is granted.
    /// </summary>
    public async Task<FlagFollowThrough> FollowThroughAsync(
        ReportingPeriod month, string? facility, DateOnly dataThrough, CancellationToken cancellationToken = default)
    {
        const string sql = FollowThroughFlagsSql + "\n" + FollowThroughCountsSql + "\nfrom flags";
        // What raised them: the reasons are read to be counted by sign in code, never shown.
        const string raisedBy = """
            select f.reasons as Reasons, f.horizon_days as HorizonDays, f.threshold_rule as ThresholdRule, f.raised_on as RaisedOn
            from risk_flag f
            where f.raised_on between @Start and @End and (@Facility::text is null or f.facility_id = @Facility)
            order by f.raised_on, f.flag_id
            """;
        var parameters = new
        {
            month.Start,
            month.End,
            Facility = facility,
            Through = dataThrough,
            Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray(),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<FlagFollowThrough>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        var flags = (await connection.QueryAsync<RaisedByRow>(new CommandDefinition(raisedBy, parameters, cancellationToken: cancellationToken))).ToList();
        var signs = flags.SelectMany(f => f.Reasons.Select(Scoring.RiskReasons.SignOf).Distinct()).CountBy(s => s).ToDictionary();
        return counts with
        {
            Reasons = [.. Scoring.RiskReasons.SignNames.Where(signs.ContainsKey).Select(s => new FlagReasonCount(s, signs[s]))],
            HorizonDays = [.. flags.Select(f => f.HorizonDays).Distinct().Order()],
            Rules = [.. flags.Select(f => f.ThresholdRule).Distinct()],
        };
    }

    /// <summary>
    /// The counts of <see cref="FollowThroughAsync"/> for each month of <paramref name="period"/> with flags raised
    /// (without the reasons' mix, horizons and rules), with how promptly the month's flags were first reviewed
    /// (<see cref="FlagReviewPromptness"/>): of the flags whose <paramref name="reviewWithinDays"/> had passed by
    /// <paramref name="dataThrough"/>, those whose first review step (recorded by the end of that day) fell on a day at
    /// most that many days after the day raised, as days to review are counted.
    /// </summary>
    public async Task<IReadOnlyList<(DateOnly Month, FlagFollowThrough FollowThrough, FlagReviewPromptness Promptness)>> FollowThroughByMonthAsync(
        ReportingPeriod period, string? facility, DateOnly dataThrough, int reviewWithinDays, CancellationToken cancellationToken = default) =>
        (await FollowThroughAndOutreachAsync(period, facility, dataThrough, reviewWithinDays, cancellationToken)).Months;

    /// <summary>
    /// The flags raised in <paramref name="period"/>, for one facility or all (null), whose latest review step by
    /// <paramref name="dataThrough"/> is outreach done, by the outreach done (<see cref="FlagOutreachOutcome"/>), most
    /// flags first: how the patient's care stood on that date and, once each flag's horizon has passed, whether the
    /// patient left care unplanned within it (as in <see cref="FollowThroughAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<FlagOutreachOutcome>> OutreachOutcomesAsync(
        ReportingPeriod period, string? facility, DateOnly dataThrough, CancellationToken cancellationToken = default) =>
        (await FollowThroughAndOutreachAsync(period, facility, dataThrough, 0, cancellationToken)).Outreach;

    /// <summary>
    /// <see cref="FollowThroughByMonthAsync"/> and <see cref="OutreachOutcomesAsync"/> from one read of the flags and
    /// their review steps (the flag usefulness page): each step read is a row-level security check for a facility-limited
    /// login, so the steps are read once, and the months and the outreach done are two groupings of the same flags.
    /// </summary>
    public async Task<(IReadOnlyList<(DateOnly Month, FlagFollowThrough FollowThrough, FlagReviewPromptness Promptness)> Months,
        IReadOnlyList<FlagOutreachOutcome> Outreach)> FollowThroughAndOutreachAsync(
        ReportingPeriod period, string? facility, DateOnly dataThrough, int reviewWithinDays, CancellationToken cancellationToken = default)
    {
        // Outreach done is final: a flag whose latest step by then was outreach done is counted under that step's action.
        const string sql = FollowThroughFlagsWithActionSql + "\n" + FollowThroughCountsSql + """
            ,
                   count(*) filter (where raised_on + @Within <= @Through)::int as Due,
                   count(*) filter (where raised_on + @Within <= @Through and first_review::date - raised_on <= @Within)::int as ReviewedWithin,
                   month as Month, outreach as Action
            from (select flags.*, case when status = 'outreach_done' then coalesce(action, 'none') end as outreach from flags) flags
            group by grouping sets ((month), (outreach))
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<FollowThroughRow>(new CommandDefinition(sql, new
        {
            period.Start,
            period.End,
            Facility = facility,
            Through = dataThrough,
            Within = reviewWithinDays,
            Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray(),
        }, cancellationToken: cancellationToken))).ToList();
        var months = rows.Where(r => r.Month is not null).OrderBy(r => r.Month).Select(r => (r.Month!.Value,
            new FlagFollowThrough(r.Raised, r.Reviewed, r.Acknowledged, r.OutreachDone, r.Dismissed,
                r.StillInCare, r.Completed, r.DroppedOut, r.OtherDischarge, r.Matured, r.DroppedOutWithinHorizon, r.MedianDaysToReview),
            new FlagReviewPromptness(r.Month.Value, r.Due, r.ReviewedWithin))).ToList();
        // The grouping by outreach has a row of the flags not outreach done (no action): not a row of the table.
        var outreach = rows.Where(r => r.Month is null && r.Action is not null)
            .Select(r => new FlagOutreachOutcome(r.Action!, r.Raised, r.StillInCare, r.Completed, r.Matured, r.DroppedOutWithinHorizon))
            .OrderByDescending(o => o.Flags).ThenBy(o => o.Action, StringComparer.Ordinal).ToList();
        return (months, outreach);
    }

    // The flags of the list and of the worklist: what the team reads of a flag, with its latest review step.
    private const string FlagColumnsSql = """
        select f.flag_id as FlagId, f.episode_key as EpisodeKey, f.facility_id as FacilityId, p.level_of_care as LevelOfCare,
               f.raised_on as RaisedOn, f.probability as Probability, f.rank_in_facility as RankInFacility, f.reasons as Reasons,
               f.status as Status, f.status_changed_at as StatusChangedAt, last.reviewer_role as LastReviewerRole,
               last.action as LastAction, e.discharged_on as LeftCareOn, e.admitted_on as AdmittedOn, e.counsellor as Counsellor
        from risk_flag f
        join episode e on e.episode_key = f.episode_key
        join program p on p.program_key = e.program_key
        left join lateral (
            select v.reviewer_role, v.action from risk_flag_review v where v.flag_id = f.flag_id order by v.review_id desc limit 1
        ) last on true
        """;

    /// <summary>
    /// Flags in the given statuses (all when none), newest first, optionally of one facility and of one counsellor (the
    /// episode's primary counsellor, by staff code as stored). The counsellor is read with the flag: a role not granted
    /// <c>episode.counsellor</c> (the reporter) cannot list flags at all.
    /// </summary>
    public async Task<IReadOnlyList<FlagSummary>> ListAsync(
        string? facility, IReadOnlyList<string> statuses, string? counsellor = null, CancellationToken cancellationToken = default)
    {
        const string sql = FlagColumnsSql + "\n" + """
            where (@Facility::text is null or f.facility_id = @Facility)
              and (@Counsellor::text is null or e.counsellor = @Counsellor)
              and (cardinality(@Statuses) = 0 or f.status = any(@Statuses))
            order by f.raised_on desc, f.facility_id, f.rank_in_facility, f.flag_id
            """;
        return await QueryFlagsAsync(sql, new { Facility = facility, Counsellor = counsellor, Statuses = statuses.ToArray() }, cancellationToken);
    }

    /// <summary>
    /// The worklist as the quality team works it, a page at a time: flags in the given statuses (all when none), of one
    /// facility, one level of care and one counsellor (the episode's primary counsellor, by staff code) or all (null),
    /// highest risk first, then newest, then by flag; the <paramref name="limit"/> flags after the first
    /// <paramref name="offset"/>, with how many the filters choose in all. Reads through the store's connection, so a
    /// facility-limited login sees its facilities' flags only (row-level security).
    /// </summary>
    public async Task<FlagPage> WorklistAsync(
        string? facility, string? levelOfCare, string? counsellor, IReadOnlyList<string> statuses, int offset, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // The page is chosen first and only its flags' latest review steps are read: each step read is a row-level
        // security check for a facility-limited login, and a year of flags is hundreds of them.
        const string sql = """
            with page as (
                select f.flag_id, f.episode_key, f.facility_id, p.level_of_care, f.raised_on, f.probability, f.rank_in_facility,
                       f.reasons, f.status, f.status_changed_at, e.discharged_on, e.admitted_on, e.counsellor,
                       count(*) over () as total
                from risk_flag f
                join episode e on e.episode_key = f.episode_key
                join program p on p.program_key = e.program_key
                where (@Facility::text is null or f.facility_id = @Facility)
                  and (@Level::text is null or p.level_of_care = @Level)
                  and (@Counsellor::text is null or e.counsellor = @Counsellor)
                  and (cardinality(@Statuses) = 0 or f.status = any(@Statuses))
                order by f.probability desc, f.raised_on desc, f.flag_id
                limit @Limit offset @Offset
            )
            select f.flag_id as FlagId, f.episode_key as EpisodeKey, f.facility_id as FacilityId, f.level_of_care as LevelOfCare,
                   f.raised_on as RaisedOn, f.probability as Probability, f.rank_in_facility as RankInFacility, f.reasons as Reasons,
                   f.status as Status, f.status_changed_at as StatusChangedAt, last.reviewer_role as LastReviewerRole,
                   last.action as LastAction, f.discharged_on as LeftCareOn, f.admitted_on as AdmittedOn, f.counsellor as Counsellor,
                   f.total as Total
            from page f
            left join lateral (
                select v.reviewer_role, v.action from risk_flag_review v where v.flag_id = f.flag_id order by v.review_id desc limit 1
            ) last on true
            order by f.probability desc, f.raised_on desc, f.flag_id
            """;
        var parameters = new { Facility = facility, Level = levelOfCare, Counsellor = counsellor, Statuses = statuses.ToArray(), Offset = offset, Limit = limit };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<FlagRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).ToList();
        var total = rows.Count > 0 ? rows[0].Total : 0;
        if (rows.Count == 0 && offset > 0)
        {
            // Past the last flag (flags left the list since the page was linked): the count comes with the first flag.
            var first = await connection.QueryAsync<FlagRow>(new CommandDefinition(sql, parameters with { Offset = 0, Limit = 1 }, cancellationToken: cancellationToken));
            total = first.FirstOrDefault()?.Total ?? 0;
        }

        return new FlagPage([.. rows.Select(Summary)], offset, (int)total);
    }

    /// <summary>
    /// The latest open or acknowledged flag of each of <paramref name="episodeKeys"/> that has one, as the store's login may
    /// see them: the not-on-track list names a patient's dropout flag beside the curve, and shows source ids only through
    /// that flag's audited "show id" (<see cref="SourceIdAsync"/>).
    /// </summary>
    public async Task<IReadOnlyDictionary<long, long>> ActiveFlagsOfEpisodesAsync(IReadOnlyCollection<long> episodeKeys, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select distinct on (f.episode_key) f.episode_key, f.flag_id
            from risk_flag f
            where f.episode_key = any(@Episodes) and f.status = any(@Statuses)
            order by f.episode_key, f.raised_on desc, f.flag_id desc
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long EpisodeKey, long FlagId)>(
            new CommandDefinition(sql, new { Episodes = episodeKeys.ToArray(), Statuses = FlagStatus.Active.ToArray() }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.EpisodeKey, r => r.FlagId);
    }

    /// <summary>The facilities that have flags the store's login may see, in order: the worklist's facility choices.</summary>
    public async Task<IReadOnlyList<string>> FacilitiesAsync(CancellationToken cancellationToken = default)
    {
        const string sql = "select distinct facility_id from risk_flag order by 1";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(sql, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// The counsellors (staff codes) of the episodes of the flags the store's login may see, in order: the worklist's
    /// counsellor choices. Episodes with no counsellor are left out.
    /// </summary>
    public async Task<IReadOnlyList<string>> CounsellorsAsync(CancellationToken cancellationToken = default)
    {
        const string sql = """
            select distinct e.counsellor
            from risk_flag f
            join episode e on e.episode_key = f.episode_key
            where e.counsellor is not null
            order by 1
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(sql, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// The review steps of the given flags, oldest first within a flag, with the login that made each one as the server
    /// recorded it (migration 0031). Row-level security leaves out the steps of flags the login may not see.
    /// </summary>
    public async Task<IReadOnlyList<FlagReviewStep>> HistoryAsync(IReadOnlyCollection<long> flagIds, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select v.review_id as ReviewId, v.flag_id as FlagId, v.reviewed_at as ReviewedAt, v.reviewed_by as Login,
                   v.reviewer_role as ReviewerRole, v.reviewer as Reviewer, v.from_status as FromStatus, v.to_status as ToStatus,
                   v.action as Action, v.note as Note
            from risk_flag_review v
            where v.flag_id = any(@Flags)
            order by v.flag_id, v.reviewed_at, v.review_id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<FlagReviewStep>(new CommandDefinition(sql, new { Flags = flagIds.ToArray() }, cancellationToken: cancellationToken))];
    }

    /// <summary>Whether the store's login may ask for a flag's source ids at all (<see cref="SourceIdAsync"/>).</summary>
    public async Task<bool> MaySeeSourceIdsAsync(CancellationToken cancellationToken = default)
    {
        const string sql = "select has_function_privilege('flag_source_id(bigint, text)', 'execute')";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// A flag's source patient and episode ids, through the database function <c>flag_source_id</c> (migration 0031),
    /// which writes the audit line of the call with the login and the <paramref name="purpose"/> in the same transaction.
    /// Null when the flag is not one the login may see (that refusal is audited too). A role not granted the function
    /// gets PostgreSQL's permission error (42501), and no id.
    /// </summary>
    public async Task<FlagSourceId?> SourceIdAsync(long flagId, string purpose, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select @Flag as FlagId, facility_id as FacilityId, source_patient_id as SourcePatientId, source_episode_id as SourceEpisodeId
            from flag_source_id(@Flag, @Purpose)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<FlagSourceId>(new CommandDefinition(sql, new { Flag = flagId, Purpose = purpose }, cancellationToken: cancellationToken));
    }

    private async Task<IReadOnlyList<FlagSummary>> QueryFlagsAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<FlagRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(Summary)];
    }

    private static FlagSummary Summary(FlagRow r) => new(r.FlagId, r.EpisodeKey, r.FacilityId, r.LevelOfCare, r.RaisedOn, r.Probability,
        r.RankInFacility, r.Reasons, r.Status, r.StatusChangedAt, r.LastReviewerRole, r.LastAction, r.LeftCareOn, r.AdmittedOn, r.Counsellor);

    /// <summary>
    /// Records a review step. The flag row is locked while its status is checked and changed, so two reviewers cannot
    /// both move the same flag. Throws <see cref="FlagReviewException"/> with a message naming the field and what
    /// was expected when the step is not allowed.
    /// </summary>
    public async Task ReviewAsync(FlagReview review, DateTimeOffset reviewedAt, CancellationToken cancellationToken = default)
    {
        Check(review);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select status from risk_flag where flag_id = @FlagId for update", new { review.FlagId }, transaction, cancellationToken: cancellationToken))
            ?? throw new FlagReviewException($"flag: there is no flag {review.FlagId} (see 'outcomes flags list').");
        var next = FlagStatus.Next(current);
        if (!next.Contains(review.ToStatus))
        {
            throw new FlagReviewException(next.Count == 0
                ? $"--status: flag {review.FlagId} is {current}, which is final; it cannot become {review.ToStatus}."
                : $"--status: flag {review.FlagId} is {current}; expected {string.Join(" or ", next)}, not {review.ToStatus}.");
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            insert into risk_flag_review (flag_id, from_status, to_status, reviewer_role, reviewer, reviewed_at, action, note)
            values (@FlagId, @Current, @ToStatus, @ReviewerRole, @Reviewer, @ReviewedAt, @Action, @Note);
            update risk_flag set status = @ToStatus, status_changed_at = @ReviewedAt where flag_id = @FlagId;
            """,
            new { review.FlagId, Current = current, review.ToStatus, review.ReviewerRole, review.Reviewer, ReviewedAt = reviewedAt.UtcDateTime, review.Action, review.Note },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Per facility and month raised: flags, their review, and — for flags whose horizon has passed by
    /// <paramref name="dataThrough"/> — whether the patient left care unplanned within it.
    /// </summary>
    public async Task<IReadOnlyList<FlagUsefulness>> UsefulnessAsync(DateOnly dataThrough, CancellationToken cancellationToken = default)
    {
        const string sql = """
            with flags as (
                select f.*, date_trunc('month', f.raised_on::timestamp)::date as month,
                       f.raised_on + f.horizon_days <= @Through as matured,
                       (e.discharge_reason = any(@Unplanned) and e.discharged_on > f.raised_on
                        and e.discharged_on <= f.raised_on + f.horizon_days) as dropped_out,
                       exists (select 1 from risk_flag_review v where v.flag_id = f.flag_id) as reviewed
                from risk_flag f
                join episode e on e.episode_key = f.episode_key
            )
            select facility_id as FacilityId, month as Month, count(*)::int as Raised,
                   count(*) filter (where reviewed)::int as Reviewed,
                   count(*) filter (where status = 'outreach_done')::int as OutreachDone,
                   count(*) filter (where status = 'dismissed')::int as Dismissed,
                   count(*) filter (where matured)::int as Matured,
                   count(*) filter (where matured and dropped_out)::int as DroppedOut,
                   count(*) filter (where matured and status = 'outreach_done')::int as MaturedWithOutreach,
                   count(*) filter (where matured and status = 'outreach_done' and not dropped_out)::int as RetainedAfterOutreach,
                   count(*) * 7.0 / greatest(1, least(month + interval '1 month', @Through + 1)::date - month) as FlagsPerWeek
            from flags
            group by 1, 2
            order by 2, 1
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<UsefulnessRow>(new CommandDefinition(
            sql, new { Through = dataThrough, Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new FlagUsefulness(r.FacilityId, r.Month, r.Raised, r.Reviewed, r.OutreachDone, r.Dismissed, r.Matured,
            r.DroppedOut, r.MaturedWithOutreach, r.RetainedAfterOutreach, (double)r.FlagsPerWeek))];
    }

    private static void Check(FlagReview review)
    {
        if (!FlagStatus.All.Contains(review.ToStatus) || review.ToStatus == FlagStatus.Open)
        {
            throw new FlagReviewException($"--status: expected acknowledged, outreach_done or dismissed, not '{review.ToStatus}'.");
        }

        if (!FlagStatus.ReviewerRoles.Contains(review.ReviewerRole))
        {
            throw new FlagReviewException($"--role: expected one of {string.Join(", ", FlagStatus.ReviewerRoles)}.");
        }

        if (review.Action is { } action && !FlagStatus.Actions.Contains(action))
        {
            throw new FlagReviewException($"--action: expected one of {string.Join(", ", FlagStatus.Actions)}.");
        }

        if (review.ToStatus == FlagStatus.OutreachDone && review.Action is null or "none")
        {
            throw new FlagReviewException("--action: outreach_done needs the outreach that was done (for example phone_call or in_person).");
        }

        if (review.Note is { Length: > FlagStatus.MaxNoteLength })
        {
            throw new FlagReviewException($"--note: at most {FlagStatus.MaxNoteLength} characters; keep identifiers out of it.");
        }

        if (review.Reviewer is { Length: > 40 })
        {
            throw new FlagReviewException("--reviewer: at most 40 characters (staff initials or a staff id).");
        }
    }

    // A class, not a record: Dapper fills text[] columns through setters, not through a constructor.
    private sealed class FlagRow
    {
        public long FlagId { get; init; }

        public long EpisodeKey { get; init; }

        public string FacilityId { get; init; } = "";

        public string LevelOfCare { get; init; } = "";

        public DateOnly RaisedOn { get; init; }

        public double Probability { get; init; }

        public int RankInFacility { get; init; }

        public string[] Reasons { get; init; } = [];

        public string Status { get; init; } = "";

        public DateTime StatusChangedAt { get; init; }

        public string? LastReviewerRole { get; init; }

        public string? LastAction { get; init; }

        public DateOnly? LeftCareOn { get; init; }

        public DateOnly AdmittedOn { get; init; }

        public string? Counsellor { get; init; }

        /// <summary>How many flags the worklist's filters choose in all (the worklist's query only).</summary>
        public long Total { get; init; }
    }

    // A class, not a record: Dapper fills text[] columns through setters, not through a constructor.
    private sealed class RaisedByRow
    {
        public string[] Reasons { get; init; } = [];

        public int HorizonDays { get; init; }

        public string ThresholdRule { get; init; } = "";

        public DateOnly RaisedOn { get; init; }
    }

    private sealed record FollowThroughRow(
        int Raised, int Reviewed, int Acknowledged, int OutreachDone, int Dismissed, int StillInCare, int Completed, int DroppedOut,
        int OtherDischarge, int Matured, int DroppedOutWithinHorizon, double? MedianDaysToReview, int Due, int ReviewedWithin, DateOnly? Month, string? Action);

    private sealed record UsefulnessRow(
        string FacilityId, DateOnly Month, int Raised, int Reviewed, int OutreachDone, int Dismissed, int Matured, int DroppedOut,
        int MaturedWithOutreach, int RetainedAfterOutreach, decimal FlagsPerWeek);
}
