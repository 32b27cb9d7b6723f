using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Loading;

/// <summary>
/// Data contract v2 (docs/data-contract.md): assessments, referrals and surveys are optional files. A drop without them
/// loads as before and is recorded as version 1; a drop with them is recorded as version 2, its bad rows of every new
/// kind are quarantined with file, line and reason while the good rows load, and loading it again changes nothing.
/// </summary>
public sealed class ContractV2Tests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Sessions = DropFolder.SessionsHeader + """

        F1,S1,E1,2026-01-05,group,180,attended,180
        F1,S2,E3,2026-02-03,individual,60,no_show,

        """;

    // E1 (P1, PHP) runs 2026-01-05 to 01-23, E2 (P1, IOP) 01-26 to 03-20, E3 (P2, IOP) from 02-02 (DropFolder's base).
    private const string Assessments = """
        facility_id,assessment_id,patient_id,episode_id,instrument,administered_date,total_score,items,subscales
        F1,A1,P1,E1,PHQ-9,2026-01-02,14,2;2;1;2;1;2;1;2;1,
        F1,A2,P1,E2,phq_9,2026-03-18,6,,
        F1,A3,P2,E3,GAD-7,2026-02-03,12,,
        F1,A4,P2,E3,bam,2026-02-03,,,use=2;risk=11;protective=14
        F1,A5,P2,E3,bam,2026-03-03,,1;1;1;0;0;1;1;2;0;1;2;1;4;1;2;3,
        F1,A6,P1,E2,pcl_5,2026-02-01,34,,
        F1,A7,P1,E2,phq_9,2026-02-01,28,,
        F1,A8,P1,E2,bdi_ii,2026-02-01,20,,
        F1,A9,P1,E2,phq_9,2026-02-01,10,1;1;1;1;1;1;1;1;1,
        F1,A10,P1,E2,gad_7,2026-02-01,7,1;1;1;1;1;1,
        F1,A11,P2,E3,bam,2026-02-10,12,,use=1;risk=5;protective=6
        F1,A12,P2,E2,phq_9,2026-02-01,5,,
        F1,A13,P2,E3,phq_9,2025-12-01,5,,
        F1,A14,P2,E9,phq_9,2026-02-10,5,,
        F1,A15,P2,E3,csq_8,2026-02-10,20,,
        F1,A16,P2,E3,bam,2026-02-10,,,use=2;risk=30;protective=6

        """;

    private const string Referrals = """
        facility_id,referral_id,patient_id,program_id,referral_date,first_contact_date,assessment_date,admission_date,episode_id,referral_source
        F1,R1,P1,PHP,2025-12-29,2025-12-30,2026-01-02,2026-01-05,E1,individual
        F1,R2,P2,IOP,2026-01-20,2026-01-22,2026-01-28,2026-02-02,E3,criminal_justice
        F1,R3,P9,IOP,2026-02-01,2026-02-04,,,,community
        F1,R4,P8,,2026-02-05,,,,,unknown
        F1,R5,P3,IOP,2026-02-05,2026-02-03,,,,individual
        F1,R6,P1,IOP,2026-01-10,2026-01-12,2026-01-20,2026-01-27,E2,individual
        F1,R7,P2,XYZ,2026-01-10,,,,,individual
        F1,R8,P3,IOP,2026-01-10,2026-01-11,2026-01-12,,E3,individual
        F1,R9,P3,IOP,2026-01-20,2026-01-22,2026-01-28,2026-02-02,E3,individual
        F1,R10,P3,IOP,2026-01-20,2026-01-22,2026-02-10,2026-02-02,,individual

        """;

    private const string Surveys = """
        facility_id,survey_id,episode_id,instrument,survey_date,score,net_promoter
        F1,S1,E2,CSQ-8,2026-03-20,29,9
        F1,S2,E1,csq_8,2026-01-23,24,
        F1,S3,E2,csq_8,2026-03-20,33,10
        F1,S4,E2,phq_9,2026-03-20,5,
        F1,S5,E2,csq_8,2026-01-20,20,5
        F1,S6,E2,csq_8,2026-03-20,20,11
        F1,S7,E2,wow,2026-03-20,20,

        """;

    [Fact]
    public async Task A_v1_drop_loads_as_before_is_recorded_as_version_1_and_fills_no_v2_table()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", Sessions);

        var result = await IngestHarness.IngestAsync(database, drop);

        Assert.Equal(
            [("programs.csv", 2), ("patients.csv", 3), ("episodes.csv", 3), ("sessions.csv", 2)],
            result.Files.Select(f => (f.FileName, f.RowsInserted)));
        Assert.All(result.Files, f => Assert.Equal((FileStatus.Committed, 0, 0, 0), (f.Status, f.RowsUpdated, f.RowsUnchanged, f.RowsQuarantined)));
        Assert.Equal(["1"], await VersionsAsync(result));
        Assert.Equal(0, await database.ScalarAsync<long>(
            """
            select (select count(*) from assessment where facility_id = @Facility) + (select count(*) from referral where facility_id = @Facility)
                 + (select count(*) from survey where facility_id = @Facility)
            """,
            new { drop.Facility }));
    }

    [Fact]
    public async Task A_v2_drop_quarantines_exactly_its_bad_rows_of_each_new_kind_with_line_and_field()
    {
        using var drop = V2Drop();

        var result = await IngestHarness.IngestAsync(database, drop);

        Assert.Equal(["2"], await VersionsAsync(result));
        Assert.All(result.Files, f => Assert.Equal(f.RowsRead, f.RowsInserted + f.RowsUpdated + f.RowsUnchanged + f.RowsQuarantined));
        Assert.Equal(
            [(8, "total_score"), (9, "instrument"), (10, "items"), (11, "items"), (12, "total_score"), (13, "patient_id"),
             (14, "administered_date"), (15, "episode_id"), (16, "instrument"), (17, "subscales")],
            await QuarantinedAsync(result, "assessments.csv"));
        Assert.Equal(
            [(6, "first_contact_date"), (7, "admission_date"), (8, "program_id"), (9, "admission_date"), (10, "patient_id"), (11, "admission_date")],
            await QuarantinedAsync(result, "referrals.csv"));
        Assert.Equal([(4, "score"), (5, "instrument"), (6, "survey_date"), (7, "net_promoter"), (8, "instrument")], await QuarantinedAsync(result, "surveys.csv"));
        Assert.Equal(
            [("assessments.csv", 16, 6, 10), ("referrals.csv", 10, 4, 6), ("surveys.csv", 7, 2, 5)],
            result.Files.Where(f => f.Entity is "assessments" or "referrals" or "surveys")
                .Select(f => (f.FileName, f.RowsRead, f.RowsInserted, f.RowsQuarantined)));

        var reasons = await ReasonsAsync(result, "assessments.csv");
        Assert.Equal("total_score: is above the range of phq_9 (0-27)", reasons[0]);
        Assert.Equal("items: do not add up to total_score; expected the item scores to sum to the total", reasons[2]);
        Assert.Equal("is not the patient of the episode named by episode_id", reasons[5]);
    }

    [Fact]
    public async Task The_good_rows_of_a_v2_drop_are_stored_with_their_scores_dates_and_a_referral_never_admitted_is_kept()
    {
        using var drop = V2Drop();

        await IngestHarness.IngestAsync(database, drop);

        var assessments = await database.QueryAsync<(string Id, string Instrument, short? Total, string? Items, string? Subscales)>(
            """
            select source_assessment_id, instrument, total_score, array_to_string(item_scores, ';'),
                   (select string_agg(key || '=' || value, ';' order by key) from jsonb_each_text(subscale_scores))
            from assessment where facility_id = @Facility order by source_assessment_id
            """,
            new { drop.Facility });
        Assert.Equal(
            [
                ("A1", "phq_9", (short?)14, "2;2;1;2;1;2;1;2;1", null), ("A2", "phq_9", 6, null, null), ("A3", "gad_7", 12, null, null),
                ("A4", "bam", null, null, "protective=14;risk=11;use=2"),
                // Summed from the items by the VA scoring: use 4+5+6, risk 1+2+3+8+11+15, protective 9+10+12+13+14+16.
                ("A5", "bam", null, "1;1;1;0;0;1;1;2;0;1;2;1;4;1;2;3", "protective=11;risk=6;use=1"),
                ("A6", "pcl_5", 34, null, null),
            ],
            assessments);

        var referrals = await database.QueryAsync<(string Id, bool Registered, bool HasPatient, DateOnly? Admitted, bool HasEpisode)>(
            """
            select r.source_referral_id, i.patient_key is not null, exists (select from patient p where p.patient_key = r.patient_key),
                   r.admitted_on, r.episode_key is not null
            from referral r left join patient_identity i on i.patient_key = r.patient_key
            where r.facility_id = @Facility order by r.source_referral_id
            """,
            new { drop.Facility });
        Assert.Equal(
            [
                ("R1", true, true, new DateOnly(2026, 1, 5), true), ("R2", true, true, new DateOnly(2026, 2, 2), true),
                ("R3", true, false, null, false), ("R4", true, false, null, false),
            ],
            referrals);

        var surveys = await database.QueryAsync<(string Id, string Instrument, short Score, short? NetPromoter)>(
            "select source_survey_id, instrument, score, net_promoter from survey where facility_id = @Facility order by source_survey_id",
            new { drop.Facility });
        Assert.Equal([("S1", "csq_8", (short)29, (short?)9), ("S2", "csq_8", 24, null)], surveys);
    }

    [Fact]
    public async Task Loading_a_v2_drop_again_changes_nothing()
    {
        using var drop = V2Drop();
        await IngestHarness.IngestAsync(database, drop);
        var before = await TablesAsync(drop.Facility);

        var again = await IngestHarness.IngestAsync(database, drop, force: true);

        Assert.All(again.Files, f => Assert.Equal((0, 0), (f.RowsInserted, f.RowsUpdated)));
        Assert.Equal((6, 10), (again.File("assessments.csv").RowsUnchanged, again.File("assessments.csv").RowsQuarantined));
        Assert.Equal(before, await TablesAsync(drop.Facility));
    }

    [Fact]
    public async Task A_program_instrument_declared_in_the_configuration_loads_within_its_range_and_is_unknown_without_it()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("assessments.csv", """
            facility_id,assessment_id,patient_id,episode_id,instrument,administered_date,total_score
            F1,A1,P1,E2,Recovery-Check,2026-02-01,31
            F1,A2,P1,E2,recovery_check,2026-03-01,41

            """);
        var options = new IngestOptions
        {
            Today = IngestHarness.Today,
            ProgramInstruments = [Instrument.ProgramDefined("recovery-check", "Weekly recovery check", InstrumentPurpose.Progress, 0, 40, ScoreDirection.HigherIsBetter)],
        };

        var declared = await IngestHarness.IngestAsync(database, drop, options);
        var withoutIt = await IngestHarness.IngestAsync(database, drop, new IngestOptions { Today = IngestHarness.Today, Force = true });

        Assert.Equal((1, 1), (declared.File("assessments.csv").RowsInserted, declared.File("assessments.csv").RowsQuarantined));
        Assert.Equal(["total_score: is above the range of recovery_check (0-40)"], await ReasonsAsync(declared, "assessments.csv"));
        Assert.Equal([(2, "instrument"), (3, "instrument")], await QuarantinedAsync(withoutIt, "assessments.csv"));
        Assert.Equal("recovery_check", await database.ScalarAsync<string>(
            "select instrument from assessment where facility_id = @Facility", new { drop.Facility }));
    }

    private DropFolder V2Drop()
    {
        var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", Sessions);
        drop.Write("assessments.csv", Assessments);
        drop.Write("referrals.csv", Referrals);
        drop.Write("surveys.csv", Surveys);
        return drop;
    }

    private async Task<IReadOnlyList<string>> VersionsAsync(IngestRunResult result) =>
        await database.QueryAsync<string>(
            "select distinct contract_version from ingest_batch where run_id = @RunId order by 1", new { result.RunId });

    private async Task<IReadOnlyList<(int Line, string? Field)>> QuarantinedAsync(IngestRunResult result, string fileName) =>
        await database.QueryAsync<(int, string?)>(
            """
            select q.line_number, q.field from ingest_quarantine q join ingest_batch b on b.batch_id = q.batch_id
            where b.run_id = @RunId and q.file_name = @FileName order by q.line_number
            """,
            new { result.RunId, FileName = fileName });

    private async Task<IReadOnlyList<string>> ReasonsAsync(IngestRunResult result, string fileName) =>
        await database.QueryAsync<string>(
            """
            select q.reason from ingest_quarantine q join ingest_batch b on b.batch_id = q.batch_id
            where b.run_id = @RunId and q.file_name = @FileName order by q.line_number
            """,
            new { result.RunId, FileName = fileName });

    private async Task<IReadOnlyList<string>> TablesAsync(string facility) =>
        await database.QueryAsync<string>(
            """
            select format('a %s %s %s %s %s %s %s %s', source_assessment_id, episode_key, instrument, administered_on, total_score, item_scores, subscale_scores, batch_id)
            from assessment where facility_id = @Facility
            union all
            select format('r %s %s %s %s %s %s %s %s %s', source_referral_id, patient_key, program_key, referred_on, first_contact_on, assessed_on, admitted_on, episode_key, batch_id)
            from referral where facility_id = @Facility
            union all
            select format('s %s %s %s %s %s %s %s', source_survey_id, episode_key, instrument, surveyed_on, score, net_promoter, batch_id)
            from survey where facility_id = @Facility
            order by 1
            """,
            new { Facility = facility });
}
