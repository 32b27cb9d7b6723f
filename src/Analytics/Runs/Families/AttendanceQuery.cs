using System.Data.Common;
using System.Numerics;
using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// The attendance figures: weeks meeting the ASAM minimum hours (<c>asam_weeks_met</c>), split into the program's
/// schedule (<c>asam_weeks_scheduled</c>: weeks in care it scheduled at the minimum) and the patient's attendance of it
/// (<c>asam_weeks_attended</c>: of those weeks, the ones attended at the minimum), minutes attended of minutes
/// scheduled (<c>attended_minutes_share</c>) and no-shows by session kind (<c>no_show</c>). Read in two steps: the month
/// table to read (<see cref="MonthsAsync"/>, on the connection that then reads the sums) and the sums per patient with
/// the figures (<see cref="ReadAsync"/>).
/// </summary>
internal sealed class AttendanceQuery(RateFigures rates)
{
    /// <summary>
    /// The attendance figures read the summary <c>session_month</c> (migration 0017: sessions summed per episode and
    /// month, with the Mondays whose week met each ASAM minimum, kept current by triggers), or a temporary table of the
    /// same rows built from the sessions up to the data-through date when sessions of the period lie beyond it
    /// (<see cref="PeriodMonths"/>).
    /// </summary>
    private const string StoredMonths = "session_month";

    /// <summary>Whether sessions of the period are dated after the data-through date, so the stored summary would count them.</summary>
    private const string SessionsAfterThrough = """
        select @Through < @End and exists (
            select 1 from session_week w
            where w.month_start between date_trunc('month', @Through::timestamp)::date and @End and w.last_session_on > @Through)
        """;

    /// <summary>The summary rows of the period's sessions up to the data-through date: weeks first, then months from them.</summary>
    private const string PeriodMonths = """
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
    /// The unit rows of the attendance figures, in two result sets. First the month rows of the period, each with its
    /// program and patient (migration 0024): per session kind the sessions the patient was expected at (not cancelled
    /// by the program, not excused) and the no-shows among them, the minutes attended and scheduled, and its Mondays
    /// in the period (as bits, see <see cref="MonthColumns"/>) whose week's attended minutes reached the ASAM minimum
    /// hours of the program's level and whose scheduled minutes reached it. Then, from the episodes, each IOP and PHP
    /// stay in care in the period with its whole calendar weeks in care within the period (counted from the stay's
    /// first Monday in the period to its last day in it): three columns, not the month rows' ten, for half a million
    /// stays in a trailing year. The rows are summed per program and patient, and then within each population
    /// (<see cref="PatientClusters"/>), on the client as they arrive.
    /// </summary>
    /// <remarks>
    /// A week met the minimum when its Monday lies within the stay and the period — on or after the later of
    /// admission and the period's start, and six days or more before the earliest of discharge, the period's end and
    /// the data-through date — and the week's attended minutes reach the level's minimum; it was scheduled at the
    /// minimum when the week's scheduled minutes (sessions the program cancelled left out) reach it. Each month row
    /// carries, per minimum, its Mondays within the stay whose week met it and whose week was scheduled at it as
    /// bitmasks (migrations 0018 and 0024); a period is a run of whole
    /// months, so only its end and the data-through date remain. They are the same for every row: the month of the
    /// last Monday they allow keeps that Monday and the ones before it, the months before it keep all their Mondays
    /// and the months after it none. The bits left are sent as they are and counted on the client.
    /// </remarks>
    private static PatientClusters.Statement AttendanceSums(string months) => new($"""
        with {AllowedMonths(months)}
        select m.program_key::int8, m.patient_key::int8, (w.met | (w.scheduled << 5))::int4,
               {PatientClusters.Pair("m.no_show_group", "m.expected_group")},
               {PatientClusters.Pair("m.no_show_individual", "m.expected_individual")},
               {PatientClusters.Pair("m.no_show_family", "m.expected_family")},
               {PatientClusters.Pair("m.no_show_psychoeducation", "m.expected_psychoeducation")},
               {PatientClusters.Pair("m.no_show_medication_management", "m.expected_medication_management")},
               {PatientClusters.Pair("m.no_show_case_management", "m.expected_case_management")},
               {PatientClusters.Pair("m.attended_minutes", "m.scheduled_minutes")}
        from allowed m
        join program p on p.program_key = m.program_key
        -- The row's Mondays in the period whose week met the level's minimum, and whose week the program scheduled at it.
        cross join lateral (
            select case p.level_of_care when 'iop' then m.iop_weeks_met when 'php' then m.php_weeks_met else 0 end & m.mondays as met,
                   case p.level_of_care when 'iop' then m.iop_weeks_scheduled when 'php' then m.php_weeks_scheduled else 0 end & m.mondays as scheduled) w;
        -- Every IOP or PHP stay in care in the period, with its whole weeks in care.
        select e.program_key::int8, e.patient_key::int8, w.weeks::int8
        from episode e
        join program p on p.program_key = e.program_key
        cross join lateral (
            select greatest(0, (least(coalesce(e.discharged_on, @Through), @End, @Through)
                                - (greatest(e.admitted_on, @Start) + (8 - extract(isodow from greatest(e.admitted_on, @Start))::int) % 7) + 1) / 7) as weeks) w
        where p.level_of_care in ('iop', 'php') and e.admitted_on <= least(@End, @Through) and {PeriodEpisodes.InPeriod}
        """, Measures, [MonthColumns, StayColumns]);

    /// <summary>
    /// A month row's measures: its Mondays whose week met the minimum (bits 0 to 4 of the third column) and whose week
    /// was scheduled at it (bits 5 to 9) give the weeks met (<c>asam_weeks_met</c>, no units here: the stays carry the
    /// weeks in care), the weeks scheduled (<c>asam_weeks_scheduled</c>, likewise) and of those the weeks met
    /// (<c>asam_weeks_attended</c>); then the no-shows by kind and the minutes, in pairs.
    /// </summary>
    private static void MonthColumns(DbDataReader reader, Span<long> values)
    {
        var weeks = reader.GetInt32(2);
        var met = weeks & 31;
        var scheduled = weeks >> 5;
        values[0] = BitOperations.PopCount((uint)met);
        values[1] = 0;
        values[2] = BitOperations.PopCount((uint)scheduled);
        values[3] = 0;
        values[4] = BitOperations.PopCount((uint)(met & scheduled));
        values[5] = values[2];
        PatientClusters.ReadPairs(reader, 3, values[6..]);
    }

    /// <summary>A stay's whole weeks in care in the period: the units of <c>asam_weeks_met</c> and <c>asam_weeks_scheduled</c>.</summary>
    private static void StayColumns(DbDataReader reader, Span<long> values)
    {
        var weeks = reader.GetInt64(2);
        values.Clear();
        values[1] = weeks;
        values[3] = weeks;
    }

    /// <summary>
    /// The month rows of the period (of the facility when one is given), each with its Mondays the period's end and the
    /// data-through date allow (<c>mondays</c>, see <see cref="AttendanceSums"/>), as the CTE <c>allowed</c>.
    /// </summary>
    private static string AllowedMonths(string months) => $"""
        last_monday as (
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
        )
        """;

    /// <summary>The measures of the attendance statement, in the order of its y{i} and n{i} columns.</summary>
    private static readonly (string Metric, string Grouping)[] Measures =
    [
        ("asam_weeks_met", ""), ("asam_weeks_scheduled", ""), ("asam_weeks_attended", ""), ("no_show", "group"), ("no_show", "individual"), ("no_show", "family"),
        ("no_show", "psychoeducation"), ("no_show", "medication_management"), ("no_show", "case_management"),
        (MinutesShare, ""),
    ];

    /// <summary>
    /// Minutes attended of minutes scheduled (sessions cancelled by the program left out): a ratio of amounts with no
    /// interval, read per program from the same rows as the other measures (its patients' sums are not used).
    /// </summary>
    private const string MinutesShare = "attended_minutes_share";

    /// <summary>
    /// The table the attendance figures read: the stored monthly summary, or, when sessions of the period lie after
    /// the data-through date (an analysis as of an earlier day), the same rows built from the sessions up to it, in a
    /// temporary table of <paramref name="connection"/>.
    /// </summary>
    public static async Task<string> MonthsAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(SessionsAfterThrough, parameters, cancellationToken: cancellationToken)))
        {
            return StoredMonths;
        }

        await connection.ExecuteAsync(new CommandDefinition(PeriodMonths, parameters, commandTimeout: 0, cancellationToken: cancellationToken));
        return "period_month";
    }

    /// <summary>
    /// Weeks meeting the ASAM minimum hours of weeks in care (<c>asam_weeks_met</c>), weeks scheduled at it of weeks in
    /// care (<c>asam_weeks_scheduled</c>) and weeks meeting it of the weeks scheduled at it (<c>asam_weeks_attended</c>), minutes attended of minutes
    /// scheduled (<c>attended_minutes_share</c>, a ratio of amounts with no interval) and no-shows by session kind
    /// (<c>no_show</c>), from <paramref name="months"/> (see <see cref="MonthsAsync"/>) and the period's episodes. Weeks and
    /// sessions repeat within a patient: their intervals are cluster-robust by patient.
    /// </summary>
    public async Task<IReadOnlyList<Figure>> ReadAsync(
        NpgsqlConnection connection, string months, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = await AttendanceSums(months).ReadAsync(connection, parameters, cancellationToken);
        var minutes = rows.Where(r => r.Metric == MinutesShare && r.ProgramKey is not null)
            .Select(r => new RateCounts(r.Facility, r.Level!, r.ProgramKey!.Value, r.Grouping, (long)r.Sum, (long)r.Units))
            .OrderBy(r => r.Facility, StringComparer.Ordinal).ThenBy(r => r.ProgramKey).ToList();
        return [.. rates.ClusteredRatesAndDifferences("asam_weeks_met", [.. rows.Where(r => r.Metric == "asam_weeks_met")])
            .Concat(rates.ClusteredRatesAndDifferences("asam_weeks_scheduled", [.. rows.Where(r => r.Metric == "asam_weeks_scheduled")]))
            .Concat(rates.ClusteredRatesAndDifferences("asam_weeks_attended", [.. rows.Where(r => r.Metric == "asam_weeks_attended")]))
            .Concat(rates.RatesAndDifferences(MinutesShare, minutes, isRate: false))
            .Concat(rates.ClusteredRatesAndDifferences("no_show", [.. rows.Where(r => r.Metric == "no_show")]))];
    }
}
