using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// <c>outcomes batches --data-through</c> through the real program: one line per facility with the latest date its loads
/// of each dated file carried, and "none" for a file that never held its rows (SOUTH sent no sessions).
/// </summary>
public sealed class BatchesDataThroughTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _drop = Directory.CreateTempSubdirectory("outcomes-data-through-").FullName;

    [Fact]
    public async Task Data_through_shows_each_facility_s_latest_date_of_each_dated_file_and_none_where_it_sent_none()
    {
        File.WriteAllText(Path.Combine(_drop, "programs.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            NORTH,IOP,Adult IOP,IOP,2.1,3,8,9
            SOUTH,IOP,Adult IOP,IOP,2.1,3,8,9

            """);
        File.WriteAllText(Path.Combine(_drop, "patients.csv"), """
            facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer
            NORTH,P1,1980,female,white,not_hispanic,alcohol,no,individual,medicaid
            SOUTH,P2,1985,male,black,not_hispanic,cocaine,yes,community,self_pay

            """);
        File.WriteAllText(Path.Combine(_drop, "episodes.csv"), """
            facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
            NORTH,E1,P1,IOP,2026-03-02,2026-03-20,completed,,no
            SOUTH,E2,P2,IOP,2026-03-05,,,,no

            """);
        File.WriteAllText(Path.Combine(_drop, "sessions.csv"), """
            facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes
            NORTH,S1,E1,2026-03-02,group,180,attended,180
            NORTH,S2,E1,2026-03-04,group,180,no_show,

            """);
        var ingest = await CliProcess.RunAsync(database.ConnectionString, "ingest", _drop);

        var shown = await CliProcess.RunAsync(database.ConnectionString, "batches", "--data-through");

        Assert.True(ingest.ExitCode == 0, ingest.Errors);
        Assert.True(shown.ExitCode == 0, shown.Errors);
        Assert.Equal(
            [
                "facility episodes sessions family_contacts drug_screens relapse_events assessments referrals surveys",
                "NORTH 2026-03-20 2026-03-04 none none none none none none",
                "SOUTH 2026-03-05 none none none none none none none",
            ],
            shown.Output.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal))
                .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
    }

    public void Dispose() => Directory.Delete(_drop, recursive: true);
}
