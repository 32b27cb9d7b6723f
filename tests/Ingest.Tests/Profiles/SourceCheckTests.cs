using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Profiles;
using Outcomes.Ingest.Tests.Loading;
using Xunit;

namespace Outcomes.Ingest.Tests.Profiles;

/// <summary><c>outcomes source check</c>'s workflow: what would load and be quarantined, with no database at all.</summary>
public sealed class SourceCheckTests
{
    private static readonly IngestOptions Options = new() { Today = IngestHarness.Today };

    [Fact]
    public void Checking_the_wide_example_reports_the_rows_that_would_load_and_why_the_others_would_not()
    {
        var report = SourceCheck.Run(ProfileLoader.Load(SampleProfiles.Profile("riverbend-wide")), SampleProfiles.Export("riverbend-wide"), Options);

        Assert.Equal(
            [("programs", 2, 2), ("patients", 4, 4), ("episodes", 5, 3), ("sessions", 14, 13)],
            report.Files.Select(f => (f.Contract, f.Rows, f.WouldLoad)));
        Assert.Equal([(6, "admission_date"), (7, "discharge_reason")], report.Files.Single(f => f.Contract == "episodes").Quarantined.Select(q => (q.Line, q.Field)));
    }

    [Fact]
    public void A_row_the_contract_refuses_after_mapping_is_reported_with_the_contracts_reason_and_the_exports_line()
    {
        using var folder = new TempFolder();
        File.Copy(Path.Combine(SampleProfiles.Export("harbor-long"), "HarborPrograms.txt"), Path.Combine(folder.Path, "HarborPrograms.txt"));
        File.WriteAllText(Path.Combine(folder.Path, "Appointments_x.txt"), """
            ApptID|AdmissionID|ApptStart|Type|Minutes|StatusCd|MinutesPresent
            AP-1|A-201|2026-09-01T16:00:00Z|GRP|180|KEPT|
            AP-2|A-201|2026-09-01T16:00:00Z|GRP|180|KEPT|180

            """);

        var report = SourceCheck.Run(ProfileLoader.Load(SampleProfiles.Profile("harbor-long")), folder.Path, Options);

        var sessions = report.Files.Single(f => f.Contract == "sessions");
        Assert.Equal((2, 1), (sessions.Rows, sessions.WouldLoad));
        var issue = Assert.Single(sessions.Quarantined);
        Assert.Equal((2, "attended_minutes", "attended_minutes: is required when status is attended"), (issue.Line, issue.Field, issue.Reason));
    }

    [Fact]
    public void A_profile_may_map_an_exports_column_to_the_counsellor_and_a_value_that_is_not_a_staff_code_is_reported()
    {
        using var folder = new TempFolder();
        File.Copy(Path.Combine(SampleProfiles.Export("harbor-long"), "HarborPrograms.txt"), Path.Combine(folder.Path, "HarborPrograms.txt"));
        File.WriteAllText(Path.Combine(folder.Path, "Admissions_x.txt"), """
            AdmissionID|ClientID|YOB|Sex|RaceCd|EthCd|SubstCd|CoOccur|Referral|PayerCd|ProgramCd|AdmitDate|DischargeDate|DischargeCd|MOUD|PrimaryCounselor
            A-201|C-9001|1988|female|1|NH|06|yes|SUD|MEDI-CAL|PHP-1|20260901|20260925|COMPLETED|yes|CNS-14
            A-202|C-9002|1975|male|2|NH|01|no|SELF|COMMERCIAL|IOP-A|20260908|||no|Dr. Ruiz

            """);
        var json = File.ReadAllText(SampleProfiles.Profile("harbor-long"));
        const string moud = "\"medication_for_addiction_treatment\": { \"column\": \"MOUD\" }";
        Assert.Contains(moud, json, StringComparison.Ordinal);
        var profile = ProfileLoader.Parse("profile.json", System.Text.Encoding.UTF8.GetBytes(
            json.Replace(moud, moud + ", \"counsellor\": { \"column\": \"PrimaryCounselor\" }", StringComparison.Ordinal)));

        var report = SourceCheck.Run(profile, folder.Path, Options);

        var episodes = report.Files.Single(f => f.Contract == "episodes");
        Assert.Equal((2, 1), (episodes.Rows, episodes.WouldLoad));
        var issue = Assert.Single(episodes.Quarantined);
        Assert.Equal((3, "counsellor", "counsellor: expected a staff code of letters, digits, - and _ (never a name)"), (issue.Line, issue.Field, issue.Reason));
    }

    [Fact]
    public void An_export_lacking_a_column_the_profile_maps_is_refused_whole_and_files_no_export_names_are_listed()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "HarborPrograms.txt"), "ProgramCd|Description\nPHP-1|Partial\n");
        File.WriteAllText(Path.Combine(folder.Path, "notes.txt"), "hello\n");

        var report = SourceCheck.Run(ProfileLoader.Load(SampleProfiles.Profile("harbor-long")), folder.Path, Options);

        var (file, reason) = Assert.Single(report.Staging.RejectedExports);
        Assert.Equal("HarborPrograms.txt", file);
        Assert.Contains("lacks column LOC", reason, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], report.Staging.IgnoredFiles);
        Assert.Empty(report.Files);
    }

    [Fact]
    public void A_named_pipe_named_like_an_export_is_refused_and_not_waited_on()
    {
        using var folder = new TempFolder();
        HostileFileTests.MakeFifo(Path.Combine(folder.Path, "Appointments_2026-10.txt"));

        var report = SourceCheck.Run(ProfileLoader.Load(SampleProfiles.Profile("harbor-long")), folder.Path, Options);

        var (file, _) = Assert.Single(report.Staging.RejectedExports);
        Assert.Equal("Appointments_2026-10.txt", file);
        Assert.Empty(report.Files);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("outcomes-profile-test-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
