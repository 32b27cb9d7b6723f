using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.Profiles;
using Outcomes.Ingest.Tests.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Profiles;

/// <summary>
/// The two example profiles load their sample exports through the ordinary load: the counts, the quarantine (named
/// by the export's file and line) and the ledger's record of the profile and its hash. Each test loads the examples
/// under a facility of its own (and so a profile of its own hash), so that the tests share one database.
/// </summary>
public sealed class SampleProfileIngestTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly IngestOptions Options = new() { Today = IngestHarness.Today };

    [Fact]
    public async Task The_wide_example_loads_with_one_bad_date_and_one_unknown_code_quarantined()
    {
        var profile = SampleProfiles.Load("riverbend-wide", "RB1");

        var (run, staging) = await IngestAsync(profile, "riverbend-wide");

        Assert.Empty(staging.RejectedExports);
        Assert.Equal(1, staging.IgnoredRows["IOP_Episode_Attendance_2026-10.csv"]);
        const string wide = "IOP_Episode_Attendance_2026-10.csv";
        Assert.Equal((2, 2, 0), Counts(run, "ProgramSetup.csv", "programs"));
        Assert.Equal((4, 4, 0), Counts(run, wide, "patients"));
        Assert.Equal((5, 3, 2), Counts(run, wide, "episodes"));
        Assert.Equal((14, 13, 1), Counts(run, wide, "sessions"));

        var quarantine = await QuarantineAsync(profile, wide);
        Assert.Equal(
            [
                ("episodes", 6, "admission_date", "admission_date: export column AdmitDt is not a date in the form MM/dd/yyyy"),
                ("episodes", 7, "discharge_reason", "discharge_reason: export column DischCode holds a code the profile does not map; expected one of COMP, AMA, DROP, ADMIN, XFER, JAIL"),
                ("sessions", 6, "session_date", "session_date: export column AdmitDt is not a date in the form MM/dd/yyyy"),
            ],
            quarantine.Select(q => (q.Entity, q.LineNumber, q.Field, q.Reason)));

        // The weekly hours became weekly sessions: week N on the admission day plus N - 1 weeks, hours as minutes.
        var e1002 = await database.QueryAsync<(DateOnly, string, int)>("""
            select s.session_date, s.status, s.attended_minutes from attendance_session s
            where s.facility_id = 'RB1' and s.source_session_id like 'E1002-%' order by s.session_date
            """);
        Assert.Equal([(new DateOnly(2026, 8, 10), "attended", 540), (new DateOnly(2026, 8, 17), "attended", 270), (new DateOnly(2026, 8, 24), "no_show", 0)], e1002);
        var reasons = await database.QueryAsync<string>(
            "select discharge_reason from episode where facility_id = 'RB1' and discharge_reason is not null order by source_episode_id");
        Assert.Equal(["completed", "left_against_advice"], reasons);
    }

    [Fact]
    public async Task The_long_example_loads_appointments_on_the_clinics_day_with_one_bad_date_and_one_unknown_code_quarantined()
    {
        var profile = SampleProfiles.Load("harbor-long", "HB1");

        var (run, staging) = await IngestAsync(profile, "harbor-long");

        const string appointments = "Appointments_2026-09.txt";
        Assert.Equal(1, staging.IgnoredRows[appointments]);
        Assert.Equal((2, 2, 0), Counts(run, "HarborPrograms.txt", "programs"));
        Assert.Equal((3, 3, 0), Counts(run, "Admissions_2026-09.txt", "patients"));
        Assert.Equal((3, 3, 0), Counts(run, "Admissions_2026-09.txt", "episodes"));
        Assert.Equal((10, 8, 2), Counts(run, appointments, "sessions"));
        Assert.Equal(
            [
                ("sessions", 8, "session_date", "session_date: export column ApptStart is not a timestamp in the form yyyy-MM-dd'T'HH:mm:ssK"),
                ("sessions", 10, "status", "status: export column StatusCd holds a code the profile does not map; expected one of KEPT, LATE, LEFT, NS, CXL-P, CXL-C, EXC"),
            ],
            (await QuarantineAsync(profile, appointments)).Select(q => (q.Entity, q.LineNumber, q.Field, q.Reason)));

        // 03:00 UTC on 26 September is the evening of the 25th in Los Angeles: the discharge day, so it loads.
        var day = await database.ScalarAsync<DateOnly>("select session_date from attendance_session where facility_id = 'HB1' and source_session_id = 'AP-4'");
        Assert.Equal(new DateOnly(2026, 9, 25), day);
        var program = await database.ScalarAsync<string>("""
            select p.source_program_id from episode e join program p using (program_key)
            where e.facility_id = 'HB1' and e.source_episode_id = 'A-202'
            """);
        Assert.Equal("P2", program);
    }

    [Fact]
    public async Task The_ledger_records_the_profile_its_hash_and_the_exports_hash_and_a_second_load_is_skipped()
    {
        var profile = SampleProfiles.Load("harbor-long", "HB2");
        await IngestAsync(profile, "harbor-long");

        var (again, _) = await IngestAsync(profile, "harbor-long");

        Assert.All(again.Files, f => Assert.Equal(FileStatus.Skipped, f.Status));
        var ledger = await database.QueryAsync<(string Profile, string ProfileSha256, string SourceSha256)>(
            "select profile, profile_sha256, source_sha256 from ingest_batch where file_name = 'Appointments_2026-09.txt' and status = 'committed' and profile_sha256 = @Sha",
            new { Sha = profile.Sha256 });
        var row = Assert.Single(ledger);
        Assert.Equal(("harbor-long", profile.Sha256), (row.Profile, row.ProfileSha256));
        var export = Path.Combine(SampleProfiles.Export("harbor-long"), "Appointments_2026-09.txt");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(export))), row.SourceSha256);
    }

    [Fact]
    public async Task No_quarantine_message_of_a_profile_load_holds_a_patient_id()
    {
        var wide = SampleProfiles.Load("riverbend-wide", "RB3");
        var appointments = SampleProfiles.Load("harbor-long", "HB3");
        await IngestAsync(wide, "riverbend-wide");
        await IngestAsync(appointments, "harbor-long");

        var reasons = await database.QueryAsync<string>(
            "select q.reason from ingest_quarantine q join ingest_batch b using (batch_id) where b.profile_sha256 in (@Wide, @Long)",
            new { Wide = wide.Sha256, Long = appointments.Sha256 });
        Assert.NotEmpty(reasons);
        foreach (var id in new[] { "50001", "50002", "50005", "50006", "C-9001", "C-9002", "C-9003" })
        {
            Assert.DoesNotContain(reasons, r => r.Contains(id, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_id_repeated_in_an_export_is_quarantined_naming_the_export_lines_of_both()
    {
        var profile = SampleProfiles.Load("harbor-long", "HB4");
        var folder = Directory.CreateTempSubdirectory("outcomes-profile-repeat-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(SampleProfiles.Export("harbor-long")))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            // The repeat of AP-1 comes after the ignored ADMIN row: staged line and export line differ.
            File.AppendAllText(Path.Combine(folder, "Appointments_2026-09.txt"), "AP-1|A-201|2026-09-01T16:00:00Z|GRP|180|KEPT|170\n");

            var (run, _) = await new ProfileIngestor(database.DataSource, NullLogger.Instance).IngestAsync(profile, folder, Options);

            Assert.Equal((11, 8, 3), Counts(run, "Appointments_2026-09.txt", "sessions"));
            var repeat = Assert.Single(await QuarantineAsync(profile, "Appointments_2026-09.txt"), q => q.LineNumber == 13);
            Assert.Equal("session_id: the same session_id appears on line 2 of this export, which was kept; expected each once per file", repeat.Reason);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private Task<(IngestRunResult Run, StagingResult Staging)> IngestAsync(LoadedProfile profile, string sample) =>
        new ProfileIngestor(database.DataSource, NullLogger.Instance).IngestAsync(profile, SampleProfiles.Export(sample), Options);

    private static (int Read, int Loaded, int Quarantined) Counts(IngestRunResult run, string file, string entity)
    {
        var result = Assert.Single(run.Files, f => f.FileName == file && f.Entity == entity);
        Assert.Equal(FileStatus.Committed, result.Status);
        return (result.RowsRead, result.RowsInserted + result.RowsUpdated + result.RowsUnchanged, result.RowsQuarantined);
    }

    private Task<IReadOnlyList<(string Entity, int LineNumber, string Field, string Reason)>> QuarantineAsync(LoadedProfile profile, string file) =>
        database.QueryAsync<(string Entity, int LineNumber, string Field, string Reason)>("""
            select b.entity, q.line_number, q.field, q.reason from ingest_quarantine q join ingest_batch b using (batch_id)
            where q.file_name = @File and b.profile_sha256 = @Sha order by b.entity, q.line_number
            """, new { File = file, Sha = profile.Sha256 });
}
