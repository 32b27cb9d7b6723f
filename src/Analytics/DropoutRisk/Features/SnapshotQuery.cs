using Dapper;
using Npgsql;
using NpgsqlTypes;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Ingest.Ledger;

namespace Outcomes.Analytics.DropoutRisk.Features;

/// <summary>
/// Builds <see cref="SnapshotFeatures"/> in one set-based query for many (episode, snapshot day) pairs: the pairs go
/// into a temporary table, and each source table is read once for all of them, grouped per snapshot. Every join keeps
/// only rows dated on or before the snapshot day: a session, screen or family contact recorded after it cannot change
/// the features. Only the label looks past the snapshot, labelled by the one <see cref="CensoringRule"/>.
/// </summary>
public static class SnapshotQuery
{
    /// <summary>Default prediction horizon: an unplanned discharge within 30 days of the snapshot.</summary>
    public const int DefaultHorizonDays = 30;

    // The requested (episode, day) pairs, numbered: a pair asked for twice is answered twice, as asked.
    private const string CreateRequestSql = """
        create temp table snapshot_request (snapshot_id integer not null, episode_key bigint not null, snapshot_date date not null) on commit drop
        """;

    private const string CopyRequestSql = "copy snapshot_request (snapshot_id, episode_key, snapshot_date) from stdin (format binary)";

    // The episode's columns beside each pair, with statistics, so that the planner sizes every join below from the
    // real number of snapshots. The settings hold for this transaction only. The query is run once per request, so
    // compiling it (jit) costs more than it saves (docs/performance.md). Random reads are priced near sequential ones,
    // as they are when the tables sit in memory: at the default price the planner hashed every session of a long
    // history to answer the snapshots instead of reading their episodes' sessions through the episode index.
    private const string PrepareSql = """
        analyze snapshot_request;
        create temp table snapshot on commit drop as
        select r.snapshot_id, r.snapshot_date, e.episode_key, e.facility_id, e.patient_key, e.program_key, e.admitted_on,
               e.source_episode_id, e.medication_for_addiction_treatment, e.discharged_on, e.discharge_reason
        from snapshot_request r
        join episode e on e.episode_key = r.episode_key;
        analyze snapshot;
        set local jit = off;
        set local random_page_cost = 1.1;
        """;

    // One grouped pass per table over the requested episodes (sessions, family contacts, screens, earlier episodes)
    // rather than sub-queries per snapshot: a few thousand snapshots read their rows through the episode indexes, a
    // few million in one scan of each table, as the planner finds cheaper. Every join keeps only rows dated on or
    // before the snapshot day. The attendance shares are numeric quotients cast to float8, exactly what avg() of the
    // 0/1 values gives. Sessions missed in a row are those after the last session attended (or, with none attended,
    // since admission) up to the snapshot: the pass keeps the days of missed sessions and counts them afterwards,
    // rather than sorting every session row by snapshot to find the last one attended.
    private const string Sql = $"""
        with attendance as (
            select s.snapshot_id,
                   count(*) filter (where x.status not in ('cancelled_by_program', 'excused') and x.session_date > s.snapshot_date - 7) as expected_7,
                   count(*) filter (where x.status in ('attended', 'late', 'left_early') and x.session_date > s.snapshot_date - 7) as attended_7,
                   sum(x.attended_minutes) filter (where x.status not in ('cancelled_by_program', 'excused') and x.session_date > s.snapshot_date - 7) as minutes_7,
                   count(*) filter (where x.status not in ('cancelled_by_program', 'excused') and x.session_date > s.snapshot_date - 14) as expected_14,
                   count(*) filter (where x.status in ('attended', 'late', 'left_early') and x.session_date > s.snapshot_date - 14) as attended_14,
                   max(x.session_date) filter (where x.status in ('attended', 'late', 'left_early')) as last_attended,
                   max(x.session_date) as last_session,
                   array_agg(x.session_date) filter (where x.status in ('no_show', 'cancelled_by_patient')) as missed_on
            from snapshot s
            join attendance_session x on x.episode_key = s.episode_key and x.session_date <= s.snapshot_date
            group by s.snapshot_id
        ), family as (
            select s.snapshot_id, count(*) filter (where f.attended) as contacts, max(f.contact_date) as last_contact
            from snapshot s
            join family_contact f on f.episode_key = s.episode_key and f.contact_date <= s.snapshot_date
            group by s.snapshot_id
        ), screens as (
            select s.snapshot_id, count(*) filter (where d.result = 'positive') as positive, count(*) filter (where d.result = 'refused') as refused,
                   max(d.collected_on) as last_screen
            from snapshot s
            join drug_screen d on d.episode_key = s.episode_key and d.collected_on <= s.snapshot_date
            group by s.snapshot_id
        ), prior as (
            select s.snapshot_id, count(*) as episodes, min(o.admitted_on) as first_admitted
            from snapshot s
            join episode o on o.patient_key = s.patient_key and o.admitted_on < s.admitted_on
            group by s.snapshot_id
        ), outreach as (
            -- Outreach recorded on a flag raised before the end of the snapshot's horizon (outreach_done is final, so
            -- the flag's status tells): the outcome then measures the outreach as well as the risk.
            select distinct s.snapshot_id
            from snapshot s
            join risk_flag rf on rf.episode_key = s.episode_key and rf.status = 'outreach_done' and rf.raised_on <= s.snapshot_date + @Horizon
        ), stepped_down as (
            select s.snapshot_id
            from snapshot s
            where exists (select 1 from episode f where f.facility_id = s.facility_id and f.transferred_to_episode_id = s.source_episode_id
                          and f.discharged_on <= s.snapshot_date)
        )
        select s.episode_key as EpisodeKey, s.facility_id as FacilityId, s.patient_key as PatientKey, s.snapshot_date as SnapshotDate, s.admitted_on as AdmittedOn,
               (s.snapshot_date - s.admitted_on) as DaysSinceAdmission,
               p.level_of_care = 'php' as Php,
               sd.snapshot_id is not null as SteppedDown,
               (a.attended_7::numeric / nullif(a.expected_7, 0))::float8 as AttendanceLast7Days,
               (a.attended_14::numeric / nullif(a.expected_14, 0))::float8 as AttendanceLast14Days,
               a.last_session as LastSessionOn,
               (select count(*) from unnest(a.missed_on) as m(session_date) where m.session_date > coalesce(a.last_attended, s.admitted_on - 1))::int as ConsecutiveMissed,
               coalesce(a.minutes_7, 0) / case p.level_of_care when 'php' then @PhpMinutes else @IopMinutes end::double precision as HoursAgainstAsamMinimum,
               coalesce(f.contacts, 0)::int as FamilyContacts,
               coalesce(d.positive, 0)::int as PositiveScreens,
               coalesce(d.refused, 0)::int as RefusedScreens,
               d.last_screen as LastScreenOn,
               f.last_contact as LastFamilyContactOn,
               s.medication_for_addiction_treatment as MedicationForAddictionTreatment,
               coalesce(pt.co_occurring_disorder, false) as CoOccurringDisorder,
               coalesce(o.episodes, 0)::int as PriorEpisodes,
               (extract(year from s.admitted_on) - pt.birth_year)::int as AgeAtAdmission,
               pt.referral_source as ReferralSource,
               pt.sex as Sex, pt.race as Race, pt.ethnicity as Ethnicity,
               coalesce(o.first_admitted, s.admitted_on) as PatientFirstAdmittedOn,
               {CensoringRule.LabelSql} as DroppedOutWithinHorizon,
               ou.snapshot_id is not null as OutreachWithinHorizon
        from snapshot s
        join program p on p.program_key = s.program_key
        join patient pt on pt.patient_key = s.patient_key
        left join attendance a on a.snapshot_id = s.snapshot_id
        left join family f on f.snapshot_id = s.snapshot_id
        left join screens d on d.snapshot_id = s.snapshot_id
        left join prior o on o.snapshot_id = s.snapshot_id
        left join stepped_down sd on sd.snapshot_id = s.snapshot_id
        left join outreach ou on ou.snapshot_id = s.snapshot_id
        order by s.episode_key, s.snapshot_date, s.snapshot_id
        """;

    /// <summary>
    /// A request of at least twice this many snapshots is split into parts answered at once on separate connections
    /// (at most one a processor): most of the time goes to reading each snapshot's sessions, which one statement does
    /// on one core.
    /// </summary>
    public const int MinimumSnapshotsPerPart = 20_000;

    /// <summary>
    /// Features of each (episode, day) pair, ordered by episode and day; a pair asked for twice comes twice. The features
    /// of a source whose facility data do not reach the pair's day are missing, and the pair names that source in
    /// <see cref="SnapshotFeatures.MissingSource"/> (<see cref="Scoring.SourceCoverage"/>).
    /// </summary>
    public static Task<IReadOnlyList<SnapshotFeatures>> LoadAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<(long EpisodeKey, DateOnly SnapshotDate)> snapshots, DateOnly dataThrough,
        int horizonDays = DefaultHorizonDays, CancellationToken cancellationToken = default) =>
        LoadAsync(dataSource, snapshots, dataThrough, horizonDays, modelSources: null, cancellationToken);

    /// <summary>
    /// Features of each (episode, day) pair for a model that learnt from <paramref name="modelSources"/> only
    /// (<see cref="SourceCoverage.LearnedFrom"/>): a source it did not learn from is not needed, whatever a facility
    /// sends of it; null: every source some facility sent.
    /// </summary>
    public static async Task<IReadOnlyList<SnapshotFeatures>> LoadAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<(long EpisodeKey, DateOnly SnapshotDate)> snapshots, DateOnly dataThrough,
        int horizonDays, IReadOnlyCollection<string>? modelSources, CancellationToken cancellationToken = default)
    {
        var features = await LoadFeaturesAsync(dataSource, snapshots, dataThrough, horizonDays, cancellationToken);
        var ledger = await new SourceDataThrough(dataSource).ReadAsync(cancellationToken);
        return SourceCoverage.Apply(features, SourceCoverage.Through(ledger, features), SourceCoverage.From(ledger), modelSources);
    }

    private static async Task<IReadOnlyList<SnapshotFeatures>> LoadFeaturesAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<(long EpisodeKey, DateOnly SnapshotDate)> snapshots, DateOnly dataThrough,
        int horizonDays, CancellationToken cancellationToken)
    {
        var ordered = snapshots.OrderBy(s => s.EpisodeKey).ThenBy(s => s.SnapshotDate).ToArray();
        var parts = Math.Clamp(ordered.Length / MinimumSnapshotsPerPart, 1, Environment.ProcessorCount);
        var size = (ordered.Length + parts - 1) / parts;
        var answers = await Task.WhenAll(Enumerable.Range(0, parts).Select(i =>
            LoadPartAsync(dataSource, new ArraySegment<(long, DateOnly)>(ordered, i * size, Math.Min(size, ordered.Length - i * size)),
                dataThrough, horizonDays, cancellationToken)));
        return [.. answers.SelectMany(a => a)];
    }

    private static async Task<IReadOnlyList<SnapshotFeatures>> LoadPartAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<(long EpisodeKey, DateOnly SnapshotDate)> snapshots, DateOnly dataThrough,
        int horizonDays, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(CreateRequestSql, transaction: transaction, cancellationToken: cancellationToken));
        await using (var importer = await connection.BeginBinaryImportAsync(CopyRequestSql, cancellationToken))
        {
            for (var i = 0; i < snapshots.Count; i++)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(snapshots[i].EpisodeKey, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(snapshots[i].SnapshotDate, NpgsqlDbType.Date, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition(PrepareSql, transaction: transaction, cancellationToken: cancellationToken));
        var parameters = new
        {
            Horizon = horizonDays,
            Through = dataThrough,
            Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray(),
            IopMinutes = OutcomeDefinitions.AsamMinimumWeeklyMinutesIop,
            PhpMinutes = OutcomeDefinitions.AsamMinimumWeeklyMinutesPhp,
        };
        var rows = await connection.QueryAsync<SnapshotFeatures>(new CommandDefinition(
            Sql, parameters, transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return [.. rows];
    }

    /// <summary>Training snapshots at the default landmark days (<see cref="LandmarkSet.Default"/>).</summary>
    public static Task<IReadOnlyList<(long EpisodeKey, DateOnly SnapshotDate)>> LandmarksAsync(
        NpgsqlDataSource dataSource, DateOnly dataThrough, CancellationToken cancellationToken = default) =>
        LandmarksAsync(dataSource, dataThrough, LandmarkSet.Default.Days, cancellationToken);

    /// <summary>
    /// Training snapshots: each IOP or PHP episode at each of <paramref name="days"/> after admission, while still in
    /// care on that day and with the day on or before the data-through date.
    /// </summary>
    public static async Task<IReadOnlyList<(long EpisodeKey, DateOnly SnapshotDate)>> LandmarksAsync(
        NpgsqlDataSource dataSource, DateOnly dataThrough, IReadOnlyList<int> days, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select e.episode_key as EpisodeKey, e.admitted_on + d as SnapshotDate
            from episode e
            join program p on p.program_key = e.program_key
            cross join unnest(@Days::int[]) as d
            where p.level_of_care in ('iop', 'php') and e.admitted_on + d <= @Through
              and (e.discharged_on is null or e.discharged_on > e.admitted_on + d)
            order by e.admitted_on, e.episode_key, d
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long, DateOnly)>(new CommandDefinition(
            sql, new { Days = days.ToArray(), Through = dataThrough }, commandTimeout: 0, cancellationToken: cancellationToken));
        return [.. rows];
    }
}
