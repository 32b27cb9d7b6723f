using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Features;

/// <summary>
/// One IOP episode, E1, admitted 1 September 2026, seen on a snapshot on 15 September. Its sessions up to then:
/// 2, 4, 7 attended; 9 no-show; 11 attended; 14 no-show; 15 cancelled by the patient. A positive screen on the
/// 8th, a refused one on the 12th, an attended family session on the 10th. The patient had one earlier episode.
/// </summary>
public sealed class SnapshotQueryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly DateOnly Snapshot = new(2026, 9, 15);
    private static readonly DateOnly Through = new(2026, 11, 25);

    [Fact]
    public async Task Features_on_the_snapshot_day_match_a_hand_count_and_the_label_waits_for_the_horizon()
    {
        var facility = await LoadAsync(futureData: false);

        var features = await FeaturesAsync(facility);

        Assert.Equal(14, features.DaysSinceAdmission);
        Assert.Equal(1.0 / 4, features.AttendanceLast7Days!.Value, 10);
        Assert.Equal(4.0 / 7, features.AttendanceLast14Days!.Value, 10);
        Assert.Equal(2, features.ConsecutiveMissed);
        Assert.Equal(180.0 / 540, features.HoursAgainstAsamMinimum, 10);
        Assert.Equal((1, 1, 1, 1), (features.FamilyContacts, features.PositiveScreens, features.RefusedScreens, features.PriorEpisodes));
        Assert.False(features.Php);
        Assert.False(features.DroppedOutWithinHorizon);
    }

    [Fact]
    public async Task Data_dated_after_the_snapshot_changes_no_feature_only_the_label()
    {
        var before = await FeaturesAsync(await LoadAsync(futureData: false));
        var after = await FeaturesAsync(await LoadAsync(futureData: true));

        Assert.Equal(before with { EpisodeKey = 0, FacilityId = "", PatientKey = 0, DroppedOutWithinHorizon = null },
                     after with { EpisodeKey = 0, FacilityId = "", PatientKey = 0, DroppedOutWithinHorizon = null });
        Assert.True(after.DroppedOutWithinHorizon);
    }

    private async Task<SnapshotFeatures> FeaturesAsync(string facility)
    {
        var key = await database.ScalarAsync<long>("select episode_key from episode where facility_id = @Facility and source_episode_id = 'E1'", new { Facility = facility });
        return (await SnapshotQuery.LoadAsync(database.DataSource, [(key, Snapshot)], Through)).Single();
    }

    /// <summary>Loads the episode into a facility of its own; with future data, more happens after the 15th.</summary>
    private async Task<string> LoadAsync(bool futureData)
    {
        var facility = "F" + Guid.NewGuid().ToString("N")[..8];
        var folder = Directory.CreateTempSubdirectory("outcomes-snapshot-").FullName;
        try
        {
            void Write(string name, string text) => File.WriteAllText(Path.Combine(folder, name), text.Replace("F1,", facility + ",", StringComparison.Ordinal));
            Write("programs.csv", """
                facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
                F1,IOP,IOP,IOP,2.1,3,8,9

                """);
            Write("patients.csv", """
                facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer
                F1,P1,1990,female,white,not_hispanic,alcohol,yes,criminal_justice,medicaid

                """);
            Write("episodes.csv", $"""
                facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
                F1,E0,P1,IOP,2025-05-01,2025-06-10,completed,,no
                F1,E1,P1,IOP,2026-09-01,{(futureData ? "2026-09-25,dropped_out" : ",")},,yes

                """);
            Write("sessions.csv", """
                facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes
                F1,S1,E1,2026-09-02,group,180,attended,180
                F1,S2,E1,2026-09-04,group,180,attended,180
                F1,S3,E1,2026-09-07,group,180,attended,180
                F1,S4,E1,2026-09-09,group,180,no_show,0
                F1,S5,E1,2026-09-11,group,180,attended,180
                F1,S6,E1,2026-09-14,group,180,no_show,0
                F1,S7,E1,2026-09-15,group,180,cancelled_by_patient,0

                """ + (futureData ? """
                F1,S8,E1,2026-09-16,group,180,attended,180
                F1,S9,E1,2026-09-18,group,180,no_show,0

                """ : ""));
            Write("drug_screens.csv", """
                facility_id,screen_id,episode_id,collection_date,result,substances
                F1,U1,E1,2026-09-08,positive,opiates
                F1,U2,E1,2026-09-12,refused,

                """ + (futureData ? """
                F1,U3,E1,2026-09-20,positive,fentanyl

                """ : ""));
            Write("family_contacts.csv", """
                facility_id,contact_id,episode_id,contact_date,kind,attended
                F1,C1,E1,2026-09-10,family_session,yes

                """ + (futureData ? """
                F1,C2,E1,2026-09-21,family_session,yes

                """ : ""));
            var result = await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(folder, new IngestOptions { Today = Through });
            Assert.All(result.Files, f => Assert.Equal(0, f.RowsQuarantined));
            return facility;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
