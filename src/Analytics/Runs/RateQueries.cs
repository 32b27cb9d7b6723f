namespace Outcomes.Analytics.Runs;

/// <summary>
/// The counting queries behind the rate figures, most returning (facility, level, program, grouping, events, total)
/// per program; those that count several figures at once say what they return. The per-episode ones read the
/// period's episodes (<see cref="PeriodEpisodes"/>), the attendance ones the monthly summary (see
/// <see cref="StoredMonths"/>). Parameters: @Start, @End (the period), @Through (data-through date), @Facility (or
/// null), @Unplanned (reasons), @MissingDays, @MaxDays. Definitions in words: docs/metrics.md.
/// </summary>
internal static class RateQueries
{
    /// <summary>
    /// The attendance figures read the summary <c>session_month</c> (migration 0017: sessions summed per episode and
    /// month, with the Mondays whose week met each ASAM minimum, kept current by triggers), or a temporary table of the
    /// same rows built from the sessions up to the data-through date when sessions of the period lie beyond it
    /// (<see cref="PeriodMonths"/>).
    /// </summary>
    public const string StoredMonths = "session_month";

    /// <summary>
    /// The period's episodes — admitted by its end and not discharged before its start, of the facility when one is
    /// given — with their program's level and their patient's admission characteristics, copied once into a temporary
    /// table that the per-episode figures of the same lane then read (retention, length of stay, first positive screen,
    /// step-downs, field completeness, case mix), instead of each reading and joining the episodes again. The patient's columns are reduced to what those figures ask: the birth year, the case mix's
    /// characteristics and which fields are known, one bit each; they are null where no patient row was loaded
    /// (<c>has_patient</c>).
    /// </summary>
    public const string PeriodEpisodes = $"""
        drop table if exists pg_temp.period_episode;
        create temp table period_episode as
        select e.episode_key, e.patient_key, e.facility_id, p.level_of_care, p.program_key, e.admitted_on, e.discharged_on,
               e.discharge_reason, e.transferred_to_episode_id, pt.patient_key is not null as has_patient, pt.birth_year,
               {CaseMixQuery.Characteristics} as characteristics,
               {KnownFields} as known_fields
        from episode e
        join program p on p.program_key = e.program_key
        left join patient pt on pt.patient_key = e.patient_key
        where {InPeriod};
        -- A small sample is enough for the row counts the planner asks of it (the default sample took 0.1 s).
        set default_statistics_target = 10;
        analyze period_episode;
        reset default_statistics_target;
        """;

    /// <summary>
    /// The period's episodes, as <c>e</c>: admitted by its end and not discharged before its start, of the facility
    /// when one is given.
    /// </summary>
    public const string InPeriod = """
        e.admitted_on <= @End and (e.discharged_on is null or e.discharged_on >= @Start)
          and (@Facility::text is null or e.facility_id = @Facility)
        """;

    /// <summary>Whether sessions of the period are dated after the data-through date, so the stored summary would count them.</summary>
    public const string SessionsAfterThrough = """
        select @Through < @End and exists (
            select 1 from session_week w
            where w.month_start between date_trunc('month', @Through::timestamp)::date and @End and w.last_session_on > @Through)
        """;

    /// <summary>The summary rows of the period's sessions up to the data-through date: weeks first, then months from them.</summary>
    public const string PeriodMonths = """
        drop table if exists pg_temp.period_week;
        drop table if exists pg_temp.period_month;
        create temp table period_week as
        select r.*, sum(r.attended_minutes) over (partition by r.episode_key, r.week_start) as week_attended_minutes
        from session_week_rows(@Start, least(@End, @Through)) r;
        create temp table period_month as
        select * from session_month_rows('pg_temp.period_week');
        analyze period_month;
        """;

    /// <summary>
    /// Per program, from the month rows of the period: minutes attended and minutes scheduled (sessions cancelled by
    /// the program left out), per session kind the sessions the patient was expected at (not cancelled by the
    /// program, not excused) and the no-shows among them, and the whole weeks in care that reached the ASAM minimum
    /// hours (counted for both levels' minimums; the program's level picks one after the sums). The month rows carry
    /// their episode's facility and program, so they are read alone, once for all three figures; the sums per program
    /// are then spread over the kinds (one row per kind). The weeks in care, the denominator, are counted with the
    /// period's episodes.
    /// </summary>
    /// <remarks>
    /// A week met the minimum when its Monday lies within the stay and the period — on or after the later of
    /// admission and the period's start, and six days or more before the earliest of discharge, the period's end and
    /// the data-through date — and the week's attended minutes reach the level's minimum. Each month row carries, per
    /// minimum, its Mondays within the stay whose week met it as a bitmask (migration 0018); a period is a run of whole
    /// months, so only its end and the data-through date remain. They are the same for every row: the month of the
    /// last Monday they allow keeps that Monday and the ones before it, the months before it keep all their Mondays
    /// and the months after it none. The bits left are counted with a 32-entry table of bit counts.
    /// </remarks>
    public static string AttendanceSums(string months) => $"""
        with last_monday as (
            -- The last Monday whose week ends by the period's end and the data-through date, and the first day of its month.
            select d as day, d - extract(day from d)::int + 1 as month_start
            from (select least(@End::date, @Through::date) - 6 as d) x
        ), cut as (
            -- That month's Mondays up to it (bit i: the (i + 1)-th Monday). 1 January 1900 was a Monday.
            select l.month_start, case when l.day < f.monday then 0 else (1 << (least((l.day - f.monday) / 7, 4) + 1)) - 1 end as mondays
            from last_monday l
            cross join lateral (select l.month_start + (7 - (l.month_start - date '1900-01-01') % 7) % 7 as monday) f
        ), allowed as (
            select m.*,
                   case when m.month_start < c.month_start then 31 when m.month_start = c.month_start then c.mondays else 0 end as mondays
            from {months} m
            cross join cut c
            where m.month_start between @Start and @End and (@Facility::text is null or m.facility_id = @Facility)
        ), sums as (
            select facility_id, program_key,
                   sum(attended_minutes)::bigint as attended, sum(scheduled_minutes)::bigint as scheduled,
                   sum(expected_group)::bigint as expected_group, sum(no_show_group)::bigint as no_show_group,
                   sum(expected_individual)::bigint as expected_individual, sum(no_show_individual)::bigint as no_show_individual,
                   sum(expected_family)::bigint as expected_family, sum(no_show_family)::bigint as no_show_family,
                   sum(expected_psychoeducation)::bigint as expected_psychoeducation, sum(no_show_psychoeducation)::bigint as no_show_psychoeducation,
                   sum(expected_medication_management)::bigint as expected_medication_management,
                   sum(no_show_medication_management)::bigint as no_show_medication_management,
                   sum(expected_case_management)::bigint as expected_case_management, sum(no_show_case_management)::bigint as no_show_case_management,
                   sum((array[0,1,1,2,1,2,2,3,1,2,2,3,2,3,3,4,1,2,2,3,2,3,3,4,2,3,3,4,3,4,4,5])[(iop_weeks_met & mondays) + 1])::bigint as weeks_met_iop,
                   sum((array[0,1,1,2,1,2,2,3,1,2,2,3,2,3,3,4,1,2,2,3,2,3,3,4,2,3,3,4,3,4,4,5])[(php_weeks_met & mondays) + 1])::bigint as weeks_met_php
            from allowed
            group by 1, 2
        )
        select s.facility_id as Facility, p.level_of_care as Level, s.program_key as ProgramKey, s.attended as Attended,
               s.scheduled as Scheduled,
               case p.level_of_care when 'iop' then s.weeks_met_iop when 'php' then s.weeks_met_php else 0 end as WeeksMet,
               k.kind as Kind, k.no_show as NoShows, k.expected as Expected
        from sums s
        join program p on p.program_key = s.program_key
        cross join lateral (values
            ('group', s.expected_group, s.no_show_group),
            ('individual', s.expected_individual, s.no_show_individual),
            ('family', s.expected_family, s.no_show_family),
            ('psychoeducation', s.expected_psychoeducation, s.no_show_psychoeducation),
            ('medication_management', s.expected_medication_management, s.no_show_medication_management),
            ('case_management', s.expected_case_management, s.no_show_case_management)) as k(kind, expected, no_show)
        """;

    /// <summary>
    /// Episodes discharged in the period, per program, split by family involvement (at least one family contact
    /// attended, or a family session attended) and completion: the counts behind both family figures. The episodes
    /// with an attended family session come in key order from the partial index of family months (a distinct pass, no
    /// hashing of 1.6 million entries); family contacts are looked up only for the discharges without one.
    /// </summary>
    public const string FamilyInvolvement = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey,
               (f.episode_key is not null
                or exists (select 1 from family_contact c where c.attended and c.episode_key = e.episode_key)) as Involved,
               count(*) filter (where e.discharge_reason = 'completed') as Completed, count(*) as Total
        from episode e
        join program p on p.program_key = e.program_key
        left join (select distinct m.episode_key from session_month m where m.family_attended > 0) f on f.episode_key = e.episode_key
        where e.discharged_on between @Start and @End and (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3, 4
        """;

    /// <summary>
    /// The same counts as <see cref="FamilyInvolvement"/>, with the family contacts and week rows looked up for the
    /// period's discharges one by one: faster for a month's discharges (a few tens of thousands; 0.8 against 1.5 s
    /// for one facility's month on the benchmark), much slower for a year's (8 against 2.5 s).
    /// </summary>
    public const string FamilyInvolvementByLookup = """
        with discharged as materialized (
            select e.episode_key, e.facility_id, p.level_of_care, p.program_key, e.discharge_reason
            from episode e
            join program p on p.program_key = e.program_key
            where e.discharged_on between @Start and @End and (@Facility::text is null or e.facility_id = @Facility)
        ), involved as (
            select c.episode_key from family_contact c where c.attended and c.episode_key in (select episode_key from discharged)
            union
            select m.episode_key from session_month m where m.family_attended > 0 and m.episode_key in (select episode_key from discharged)
        )
        select d.facility_id as Facility, d.level_of_care as Level, d.program_key as ProgramKey,
               (i.episode_key is not null) as Involved,
               count(*) filter (where d.discharge_reason = 'completed') as Completed, count(*) as Total
        from discharged d
        left join involved i on i.episode_key = d.episode_key
        group by 1, 2, 3, 4
        """;

    /// <summary>Positive screens among screens with a result (negative, positive, dilute) collected in the period during care.</summary>
    public const string PositivePerScreen = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey, '' as Grouping,
               count(*) filter (where d.result = 'positive') as Events, count(*) as Total
        from drug_screen d
        join episode e on e.episode_key = d.episode_key
        join program p on p.program_key = e.program_key
        where d.collected_on between @Start and @End and d.result in ('negative', 'positive', 'dilute')
          and d.collected_on <= coalesce(e.discharged_on, @Through)
          and (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3
        """;

    /// <summary>Episodes with at least one positive screen among episodes screened in the period during care.</summary>
    public const string PositivePerPatient = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey, '' as Grouping,
               count(*) filter (where x.positives > 0) as Events, count(*) as Total
        from (
            select d.episode_key, count(*) filter (where d.result = 'positive') as positives
            from drug_screen d
            join episode e on e.episode_key = d.episode_key
            where d.collected_on between @Start and @End and d.result in ('negative', 'positive', 'dilute')
              and d.collected_on <= coalesce(e.discharged_on, @Through)
            group by d.episode_key
        ) x
        join episode e on e.episode_key = x.episode_key
        join program p on p.program_key = e.program_key
        where (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3
        """;

    /// <summary>
    /// Readmission after discharge, among episodes discharged in the period other than by transfer: a readmission
    /// relapse event, or a new episode of the same patient. Counted per program by the days from discharge to the
    /// first readmission (ReadmittedAfter, null when none; capped at @MaxDays + 1) and the days followed up to the
    /// data-through date (FollowedDays, capped at @MaxDays), so that each window of days is summed from the same few
    /// rows: an episode counts for a window when followed that long, and as readmitted when readmitted within it. The
    /// later episodes are found by one join, among episodes admitted after the period's start. Reads the episodes
    /// table, not the period's episodes, so that it can run beside the statements that do.
    /// </summary>
    public const string Readmission = """
        with discharged as materialized (
            select e.episode_key, e.patient_key, e.facility_id, p.level_of_care, e.program_key, e.discharged_on
            from episode e
            join program p on p.program_key = e.program_key
            where e.discharged_on between @Start and @End and e.discharge_reason <> 'transferred'
              and (@Facility::text is null or e.facility_id = @Facility)
        ), later as (
            select d.episode_key, min(n.admitted_on) as readmitted_on
            from discharged d
            join episode n on n.patient_key = d.patient_key and n.episode_key <> d.episode_key and n.admitted_on > d.discharged_on
            where n.admitted_on > @Start
            group by d.episode_key
            union all
            select d.episode_key, min(r.event_date)
            from discharged d
            join relapse_event r on r.episode_key = d.episode_key and r.kind = 'readmission' and r.event_date > d.discharged_on
            group by d.episode_key
        ), first_readmission as (
            select episode_key, min(readmitted_on) as readmitted_on
            from later
            group by episode_key
        )
        select d.facility_id as Facility, d.level_of_care as Level, d.program_key as ProgramKey,
               least(f.readmitted_on - d.discharged_on, @MaxDays + 1) as ReadmittedAfter,
               least(@Through - d.discharged_on, @MaxDays) as FollowedDays, count(*) as N
        from discharged d
        left join first_readmission f on f.episode_key = d.episode_key
        group by 1, 2, 3, 4, 5
        """;

    /// <summary>Follow-ups that reached the patient, among follow-ups of episodes discharged in the period, by day.</summary>
    public const string FollowUpReach = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey, 'day ' || f.days_after_discharge as Grouping,
               count(*) filter (where f.reached) as Events, count(*) as Total
        from follow_up f
        join episode e on e.episode_key = f.episode_key
        join program p on p.program_key = e.program_key
        where e.discharged_on between @Start and @End and (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3, 4
        """;

    /// <summary>Abstinent among patients reached at follow-up whose answer is known (yes or no), by day.</summary>
    public const string AbstinenceAtFollowUp = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey, 'day ' || f.days_after_discharge as Grouping,
               count(*) filter (where f.abstinent = 'yes') as Events, count(*) as Total
        from follow_up f
        join episode e on e.episode_key = f.episode_key
        join program p on p.program_key = e.program_key
        where e.discharged_on between @Start and @End and f.reached and f.abstinent in ('yes', 'no')
          and (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3, 4
        """;

    /// <summary>
    /// Episodes in care on the data-through date with no session in the last @MissingDays days: a discharge
    /// record is probably missing (a data-quality figure CARF asks about).
    /// </summary>
    /// <remarks>
    /// Read from the weekly summary: a week row whose last session is in the window, and not after the data-through
    /// date, has a session in the window. Only a row whose last session lies after the data-through date (an analysis
    /// as of an earlier day) can hide one, so only then are the episode's sessions read. The sessions of 20,000
    /// episodes in care took 2-4 s to read one by one; their few week rows take a fraction of that.
    /// </remarks>
    public const string MissingDischarge = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey, '' as Grouping,
               count(*) filter (where e.admitted_on <= @Through - @MissingDays and not exists (
                   select 1 from session_week w
                   where w.episode_key = e.episode_key and w.week_start > @Through - @MissingDays - 7 and w.week_start <= @Through
                     and w.last_session_on > @Through - @MissingDays
                     and (w.last_session_on <= @Through or exists (
                         select 1 from attendance_session s where s.episode_key = e.episode_key
                         and s.session_date > @Through - @MissingDays and s.session_date <= @Through)))) as Events,
               count(*) as Total
        from episode e
        join program p on p.program_key = e.program_key
        where e.admitted_on <= @Through and (e.discharged_on is null or e.discharged_on > @Through)
          and (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3
        """;

    /// <summary>
    /// PHP episodes discharged in the period, per program: all of them (Total), those that stepped down to an IOP episode
    /// (SteppedDown), those whose IOP episode has ended by the data-through date (Ended), and those whose IOP episode was
    /// completed or stepped down again to outpatient care (Completed: the full PHP → IOP → OP path). One pass; the next
    /// episode is looked up only for transfers.
    /// </summary>
    public const string StepDowns = """
        select e.facility_id as Facility, e.level_of_care as Level, e.program_key as ProgramKey, count(*) as Total,
               count(*) filter (where s.level_of_care = 'iop') as SteppedDown,
               count(*) filter (where s.level_of_care = 'iop' and s.ended) as Ended,
               count(*) filter (where s.level_of_care = 'iop' and s.ended and s.completed) as Completed
        from pg_temp.period_episode e
        left join lateral (
            select np.level_of_care, n.discharged_on is not null and n.discharged_on <= @Through as ended,
                   n.discharge_reason = 'completed' or (n.discharge_reason = 'transferred' and exists (
                       select 1 from episode o join program op on op.program_key = o.program_key
                       where o.facility_id = n.facility_id and o.source_episode_id = n.transferred_to_episode_id and op.level_of_care = 'op')) as completed
            from episode n
            join program np on np.program_key = n.program_key
            where e.discharge_reason = 'transferred' and n.facility_id = e.facility_id and n.source_episode_id = e.transferred_to_episode_id
        ) s on true
        where e.discharged_on between @Start and @End and e.level_of_care = 'php'
        group by 1, 2, 3
        """;

    /// <summary>Which of the patient's fields are known, one bit each in the order of <see cref="FieldCompleteness"/>.</summary>
    public const string KnownFields = """
        (pt.sex <> 'unknown')::int
               | ((pt.race <> 'unknown')::int << 1)
               | ((pt.ethnicity <> 'unknown')::int << 2)
               | ((pt.primary_substance <> 'unknown')::int << 3)
               | ((pt.co_occurring_disorder is not null)::int << 4)
               | ((pt.referral_source <> 'unknown')::int << 5)
               | ((pt.payer <> 'unknown')::int << 6)
        """;

    /// <summary>
    /// How complete the admission data are: for each patient field that may say "unknown", the share of
    /// patients admitted or in care during the period for whom it is known (each patient once, with the program of
    /// their latest episode). Counted per program in one row, then one row per field.
    /// </summary>
    public const string FieldCompleteness = """
        with latest as (
            select distinct on (e.patient_key) e.*
            from pg_temp.period_episode e
            order by e.patient_key, e.admitted_on desc
        ), counts as (
            select facility_id, level_of_care, program_key, count(*) as total,
                   count(*) filter (where known_fields & 1 <> 0) as sex,
                   count(*) filter (where known_fields & 2 <> 0) as race,
                   count(*) filter (where known_fields & 4 <> 0) as ethnicity,
                   count(*) filter (where known_fields & 8 <> 0) as primary_substance,
                   count(*) filter (where known_fields & 16 <> 0) as co_occurring_disorder,
                   count(*) filter (where known_fields & 32 <> 0) as referral_source,
                   count(*) filter (where known_fields & 64 <> 0) as payer
            from latest
            where has_patient
            group by 1, 2, 3
        )
        select facility_id as Facility, level_of_care as Level, program_key as ProgramKey, f.field as Grouping,
               f.known as Events, total as Total
        from counts
        cross join lateral (values ('sex', sex), ('race', race), ('ethnicity', ethnicity), ('primary_substance', primary_substance),
            ('co_occurring_disorder', co_occurring_disorder), ('referral_source', referral_source), ('payer', payer)) as f(field, known)
        """;
}
