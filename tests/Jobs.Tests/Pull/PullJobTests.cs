using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Jobs.Pull;
using Outcomes.Database.Locks;
using Outcomes.Synthetic.Bulk;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Pull;

/// <summary>Each test has a database of its own: the same drop loads in one and is "already loaded" in another.</summary>
public sealed class PullJobTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private const int Sessions = 2_000;
    private static readonly DateOnly FirstAdmission = new(2025, 1, 6);
    private readonly string _source = TestJobs.NewFolder("pull");
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private Outcomes.Database.Connection.RoleDataSources? _roles;

    [Fact]
    public async Task Settled_files_load_and_move_to_processed_while_a_file_still_being_written_and_unknown_files_stay()
    {
        WriteDrop(_source);
        File.WriteAllText(Path.Combine(_source, "family_contacts.csv"), "facility_id,contact_id");   // still being written
        File.SetLastWriteTimeUtc(Path.Combine(_source, "family_contacts.csv"), _time.GetUtcNow().UtcDateTime);
        File.WriteAllText(Path.Combine(_source, "notes.txt"), "not a contract file");
        var options = TestJobs.Options(_source);
        options.Sources[0].SettleSeconds = 60;

        await Job(options).RunAsync("north", null, CancellationToken.None);

        Assert.Equal(Sessions, await _database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.Equal(["family_contacts.csv", "notes.txt"], Directory.EnumerateFiles(_source).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var processed = Directory.EnumerateFiles(Path.Combine(_source, "processed"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["episodes.csv", "patients.csv", "programs.csv", "sessions.csv"], processed);
        Assert.Equal(4, await _database.ScalarAsync<long>("select count(*) from source_file where source_name = 'north' and status = 'committed' and batch_id is not null"));
        var run = await _database.QueryAsync<(string Outcome, string Summary)>("select outcome, summary from job_run where job = 'pull' and scope = 'north'");
        Assert.Equal("succeeded", Assert.Single(run).Outcome);
        Assert.StartsWith("4 file(s): 4 loaded", run[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_named_like_a_data_file_is_left_in_place_and_named_in_the_summary_while_the_files_load()
    {
        WriteDrop(_source);
        Directory.CreateDirectory(Path.Combine(_source, "follow_ups.csv"));
        File.WriteAllText(Path.Combine(_source, "follow_ups.csv", "inside.txt"), "kept");

        await Job(TestJobs.Options(_source)).RunAsync("north", null, CancellationToken.None);

        Assert.Equal(Sessions, await _database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.True(File.Exists(Path.Combine(_source, "follow_ups.csv", "inside.txt")));
        var summary = await _database.ScalarAsync<string>("select summary from job_run where job = 'pull' and scope = 'north'");
        Assert.StartsWith("4 file(s): 4 loaded", summary, StringComparison.Ordinal);
        Assert.EndsWith("; not a file, left in place: follow_ups.csv/", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_rejected_as_a_whole_moves_to_the_failed_folder_with_a_note_of_why()
    {
        File.WriteAllText(Path.Combine(_source, "programs.csv"), "facility,program\nA,B\n");
        Settle(_source);

        await Job(TestJobs.Options(_source)).RunAsync("north", null, CancellationToken.None);

        var failed = Directory.EnumerateFiles(Path.Combine(_source, "failed"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["programs.csv", "programs.csv.reason.txt"], failed.Select(Path.GetFileName));
        Assert.Contains("facility_id", File.ReadAllText(failed[1]), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_source));
        Assert.Equal("rejected", await _database.ScalarAsync<string>("select status from source_file where file_name = 'programs.csv' order by source_file_id desc limit 1"));
    }

    [Fact]
    public async Task Files_left_behind_by_a_crash_after_their_commit_are_moved_without_loading_twice()
    {
        var other = TestJobs.NewFolder("pull-crash");
        try
        {
            // The batches committed, then the server died before moving the files: they are still in the folder.
            WriteDrop(other);
            await new FolderIngestor(_database.DataSource, NullLogger.Instance).IngestAsync(other, new IngestOptions { Today = new DateOnly(2026, 11, 25) });
            var before = await _database.ScalarAsync<long>("select count(*) from attendance_session");

            await Job(TestJobs.Options(other)).RunAsync("north", null, CancellationToken.None);

            Assert.Equal(before, await _database.ScalarAsync<long>("select count(*) from attendance_session"));
            Assert.Empty(Directory.EnumerateFiles(other));
            Assert.Equal(4, Directory.EnumerateFiles(Path.Combine(other, "processed"), "*", SearchOption.AllDirectories).Count());
            Assert.EndsWith("4 already loaded, 0 rejected",
                await _database.ScalarAsync<string>("select summary from job_run where job = 'pull' order by job_run_id desc limit 1"), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public async Task A_pull_of_a_source_already_being_pulled_is_skipped_and_touches_nothing()
    {
        var other = TestJobs.NewFolder("pull-locked");
        try
        {
            WriteDrop(other);
            await using var holder = await _database.DataSource.OpenConnectionAsync();
            await using (await AdvisoryLock.TryAcquireAsync(holder, AdvisoryLock.Keys.Job(PullJob.Name, "busy"), CancellationToken.None))
            {
                var options = TestJobs.Options(other);
                options.Sources[0].Name = "busy";
                await Job(options).RunAsync("busy", null, CancellationToken.None);
            }

            Assert.Equal(4, Directory.EnumerateFiles(other).Count());
            Assert.Equal("skipped", await _database.ScalarAsync<string>("select outcome from job_run where scope = 'busy'"));
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public async Task A_source_with_a_profile_loads_its_settled_exports_through_it_moves_them_to_processed_and_a_second_pull_loads_nothing()
    {
        var exports = Path.Combine(RepositoryData.RepositoryRoot(), "samples", "profiles", "riverbend-wide", "export");
        foreach (var export in Directory.EnumerateFiles(exports))
        {
            File.Copy(export, Path.Combine(_source, Path.GetFileName(export)));
        }

        File.WriteAllText(Path.Combine(_source, "ProgramSetup_2.csv"), "ProgCode;ProgName");   // an export still being written
        File.WriteAllText(Path.Combine(_source, "episodes.csv"), "not an export of this profile");
        Settle(_source);
        File.SetLastWriteTimeUtc(Path.Combine(_source, "ProgramSetup_2.csv"), _time.GetUtcNow().UtcDateTime);
        var options = WithRiverbendProfile(TestJobs.Options(_source));
        options.Sources[0].SettleSeconds = 60;

        await Job(options).RunAsync("north", null, CancellationToken.None);

        // The sample's counts (as `outcomes ingest --profile` loads them): 2 programs, 4 patients, 3 of 5 episodes and
        // 13 of 14 sessions, the rest quarantined with the export's name and line.
        Assert.Equal((2L, 4L, 3L, 13L), (
            await _database.ScalarAsync<long>("select count(*) from program"),
            await _database.ScalarAsync<long>("select count(*) from patient"),
            await _database.ScalarAsync<long>("select count(*) from episode"),
            await _database.ScalarAsync<long>("select count(*) from attendance_session")));
        Assert.Equal(3, await _database.ScalarAsync<long>(
            "select count(*) from ingest_quarantine where file_name = 'IOP_Episode_Attendance_2026-10.csv'"));
        Assert.Equal(["ProgramSetup_2.csv", "episodes.csv"], Directory.EnumerateFiles(_source).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var processed = Directory.EnumerateFiles(Path.Combine(_source, "processed"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["IOP_Episode_Attendance_2026-10.csv", "ProgramSetup.csv"], processed);
        var recorded = await _database.QueryAsync<(string FileName, string Sha256, string Status)>(
            "select file_name, sha256, status from source_file where source_name = 'north' and batch_id is not null order by file_name");
        Assert.Equal(
            [
                ("IOP_Episode_Attendance_2026-10.csv", Sha256(Path.Combine(exports, "IOP_Episode_Attendance_2026-10.csv")), "committed"),
                ("ProgramSetup.csv", Sha256(Path.Combine(exports, "ProgramSetup.csv")), "committed"),
            ],
            recorded);
        Assert.StartsWith("2 export(s) through profile riverbend-wide: 2 loaded",
            await _database.ScalarAsync<string>("select summary from job_run where job = 'pull' and scope = 'north'"), StringComparison.Ordinal);

        File.Delete(Path.Combine(_source, "ProgramSetup_2.csv"));
        await Job(options).RunAsync("north", null, CancellationToken.None);

        Assert.Equal(13, await _database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.StartsWith("no new files",
            await _database.ScalarAsync<string>("select summary from job_run where job = 'pull' order by job_run_id desc limit 1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_the_profile_refuses_moves_to_the_failed_folder_with_the_profiles_reason()
    {
        File.WriteAllText(Path.Combine(_source, "ProgramSetup.csv"), "");
        Settle(_source);

        await Job(WithRiverbendProfile(TestJobs.Options(_source))).RunAsync("north", null, CancellationToken.None);

        var failed = Directory.EnumerateFiles(Path.Combine(_source, "failed"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["ProgramSetup.csv", "ProgramSetup.csv.reason.txt"], failed.Select(Path.GetFileName));
        Assert.Contains("the export is empty", File.ReadAllText(failed[1]), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_source));
        Assert.Equal("rejected", await _database.ScalarAsync<string>("select status from source_file where file_name = 'ProgramSetup.csv'"));
        Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from program"));
    }

    private static Configuration.JobsOptions WithRiverbendProfile(Configuration.JobsOptions options)
    {
        options.Sources[0].Profile = Path.Combine(RepositoryData.RepositoryRoot(), "samples", "profiles", "riverbend-wide", "profile.json");
        Assert.Empty(Configuration.JobsOptionsValidator.Problems(options));
        return options;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    private PullJob Job(Configuration.JobsOptions options)
    {
        _roles ??= TestJobs.Roles(_database);
        return new(_roles, TestJobs.Execution(_roles), TestJobs.Wrap(options), _time, NullLogger<PullJob>.Instance);
    }

    private void WriteDrop(string folder)
    {
        BulkDrop.WriteSetup(folder, Sessions, FirstAdmission);
        BulkDrop.WriteSessions(Path.Combine(folder, "sessions.csv"), Sessions, FirstAdmission, seed: 3);
        Settle(folder);
    }

    private void Settle(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.SetLastWriteTimeUtc(file, _time.GetUtcNow().UtcDateTime.AddMinutes(-5));
        }
    }

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        if (_roles is not null)
        {
            await _roles.DisposeAsync();
        }

        await _database.DisposeAsync();
        Directory.Delete(_source, recursive: true);
    }
}
