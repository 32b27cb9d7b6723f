using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Features;

/// <summary>
/// <see cref="SnapshotQuery"/> reads each table once for all snapshots, grouped, in parts at once when there are many. Here its features are compared,
/// value for value, with a straightforward computation that asks each question of each snapshot on its own (the
/// query the feature set was first written as: a sub-query per feature and snapshot). The cohort is generated, with
/// every session status, screen result, family contacts, step-downs and readmissions; the snapshots are every day of
/// every episode from three days before admission to three days after discharge, plus some pairs asked twice.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class SnapshotQueryReferenceTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Grouped_features_equal_a_per_snapshot_computation_on_every_day_of_a_generated_cohort()
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-snapshot-reference-").FullName;
        try
        {
            var options = new CohortOptions { OutputFolder = folder, Facilities = 2, Months = 12, Episodes = 900, Seed = 23 };
            var summary = CohortGenerator.Generate(options);
            await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(summary.DropFolder, new IngestOptions { Today = options.EndDate });
            var snapshots = (await database.QueryAsync<(long, DateOnly)>("""
                select e.episode_key, e.admitted_on - 3 + g
                from episode e
                cross join generate_series(0, coalesce(e.discharged_on, @End) - e.admitted_on + 6) g
                order by random()
                """, new { End = options.EndDate })).ToList();
            snapshots.AddRange(snapshots.Take(50));

            var grouped = await SnapshotQuery.LoadAsync(database.DataSource, snapshots, options.EndDate);
            var reference = await PerSnapshotAsync(snapshots, options.EndDate);

            Assert.True(snapshots.Count > 2 * SnapshotQuery.MinimumSnapshotsPerPart, $"{snapshots.Count} snapshots: too few to be answered in parts");
            Assert.Contains(reference, r => r.SteppedDown);
            Assert.Contains(reference, r => r.ConsecutiveMissed >= 2 && r.FamilyContacts > 0 && r.PositiveScreens > 0);
            Assert.Contains(reference, r => r.RefusedScreens > 0 && r.PriorEpisodes > 0);
            Assert.Contains(reference, r => r.AttendanceLast7Days is null && r.AttendanceLast14Days is not null);
            Assert.Equal(reference.Count, grouped.Count);
            for (var i = 0; i < reference.Count; i++)
            {
                Assert.Equal(reference[i], grouped[i]);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Each feature of each snapshot by a sub-query of its own over the rows dated on or before the snapshot day.</summary>
    private async Task<IReadOnlyList<SnapshotFeatures>> PerSnapshotAsync(IReadOnlyList<(long EpisodeKey, DateOnly SnapshotDate)> snapshots, DateOnly through)
    {
        const string sql = """
            with snapshots as (
                select e.episode_key, e.facility_id, e.patient_key, e.program_key, e.admitted_on, e.source_episode_id,
                       e.medication_for_addiction_treatment, e.discharged_on, e.discharge_reason, s.snapshot_date
                from unnest(@EpisodeKeys::bigint[], @SnapshotDates::date[]) as s(episode_key, snapshot_date)
                join episode e on e.episode_key = s.episode_key
            )
            select s.episode_key as EpisodeKey, s.facility_id as FacilityId, s.patient_key as PatientKey, s.snapshot_date as SnapshotDate, s.admitted_on as AdmittedOn,
                   (s.snapshot_date - s.admitted_on) as DaysSinceAdmission,
                   p.level_of_care = 'php' as Php,
                   exists (select 1 from episode f where f.facility_id = s.facility_id and f.transferred_to_episode_id = s.source_episode_id
                           and f.discharged_on <= s.snapshot_date) as SteppedDown,
                   a7.share as AttendanceLast7Days, a14.share as AttendanceLast14Days,
                   (select max(x.session_date) from attendance_session x where x.episode_key = s.episode_key and x.session_date <= s.snapshot_date) as LastSessionOn,
                   coalesce(missed.n, 0)::int as ConsecutiveMissed,
                   coalesce(a7.minutes, 0) / case p.level_of_care when 'php' then @PhpMinutes else @IopMinutes end::double precision as HoursAgainstAsamMinimum,
                   (select count(*) from family_contact f where f.episode_key = s.episode_key and f.attended and f.contact_date <= s.snapshot_date)::int as FamilyContacts,
                   (select count(*) from drug_screen d where d.episode_key = s.episode_key and d.result = 'positive' and d.collected_on <= s.snapshot_date)::int as PositiveScreens,
                   (select count(*) from drug_screen d where d.episode_key = s.episode_key and d.result = 'refused' and d.collected_on <= s.snapshot_date)::int as RefusedScreens,
                   (select max(d.collected_on) from drug_screen d where d.episode_key = s.episode_key and d.collected_on <= s.snapshot_date) as LastScreenOn,
                   (select max(f.contact_date) from family_contact f where f.episode_key = s.episode_key and f.contact_date <= s.snapshot_date) as LastFamilyContactOn,
                   s.medication_for_addiction_treatment as MedicationForAddictionTreatment,
                   coalesce(pt.co_occurring_disorder, false) as CoOccurringDisorder,
                   (select count(*) from episode o where o.patient_key = s.patient_key and o.admitted_on < s.admitted_on)::int as PriorEpisodes,
                   (extract(year from s.admitted_on) - pt.birth_year)::int as AgeAtAdmission,
                   pt.referral_source as ReferralSource,
                   pt.sex as Sex, pt.race as Race, pt.ethnicity as Ethnicity,
                   coalesce((select min(o.admitted_on) from episode o where o.patient_key = s.patient_key and o.admitted_on < s.admitted_on), s.admitted_on) as PatientFirstAdmittedOn,
                   case when s.snapshot_date + @Horizon > @Through then null
                        when s.discharged_on <= s.snapshot_date + @Horizon then coalesce(s.discharge_reason = any(@Unplanned), false)
                        else false
                   end as DroppedOutWithinHorizon
            from snapshots s
            join program p on p.program_key = s.program_key
            join patient pt on pt.patient_key = s.patient_key
            left join lateral (
                select avg((x.status in ('attended', 'late', 'left_early'))::int)::float8 as share, sum(x.attended_minutes) as minutes
                from attendance_session x
                where x.episode_key = s.episode_key and x.status not in ('cancelled_by_program', 'excused')
                  and x.session_date > s.snapshot_date - 7 and x.session_date <= s.snapshot_date
            ) a7 on true
            left join lateral (
                select avg((x.status in ('attended', 'late', 'left_early'))::int)::float8 as share
                from attendance_session x
                where x.episode_key = s.episode_key and x.status not in ('cancelled_by_program', 'excused')
                  and x.session_date > s.snapshot_date - 14 and x.session_date <= s.snapshot_date
            ) a14 on true
            left join lateral (
                select count(*) as n from attendance_session x
                where x.episode_key = s.episode_key and x.session_date <= s.snapshot_date
                  and x.status in ('no_show', 'cancelled_by_patient')
                  and x.session_date > coalesce((select max(y.session_date) from attendance_session y
                                                 where y.episode_key = s.episode_key and y.session_date <= s.snapshot_date
                                                   and y.status in ('attended', 'late', 'left_early')), s.admitted_on - 1)
            ) missed on true
            order by s.episode_key, s.snapshot_date
            """;
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<SnapshotFeatures>(new CommandDefinition(sql, new
        {
            EpisodeKeys = snapshots.Select(s => s.EpisodeKey).ToArray(),
            SnapshotDates = snapshots.Select(s => s.SnapshotDate).ToArray(),
            Horizon = SnapshotQuery.DefaultHorizonDays,
            Through = through,
            Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray(),
            IopMinutes = OutcomeDefinitions.AsamMinimumWeeklyMinutesIop,
            PhpMinutes = OutcomeDefinitions.AsamMinimumWeeklyMinutesPhp,
        }, commandTimeout: 0));
        return [.. rows];
    }
}
