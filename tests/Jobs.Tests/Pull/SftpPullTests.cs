using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outcomes.Synthetic.Bulk;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Pull;
using Microsoft.Extensions.Configuration;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Pull;

/// <summary>
/// The pull job against a real OpenSSH server on a loopback port: each test has a server, a database and staging folders
/// of its own. Settling takes two looks, so a file put on the server is seen by one pull and taken by the next.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class SftpPullTests : IAsyncLifetime
{
    private const int Sessions = 2_000;
    private static readonly DateOnly FirstAdmission = new(2025, 1, 6);
    private static readonly string[] Drop = ["episodes.csv", "patients.csv", "programs.csv", "sessions.csv"];
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly List<string> _stagingFolders = [];
    private OpenSshServer _server = null!;
    private Outcomes.Database.Connection.RoleDataSources? _roles;

    [OpenSshFact]
    public async Task A_file_that_appears_on_the_server_is_pulled_once_and_moved_to_processed_there()
    {
        WriteDrop(_server.RemoteFolder);
        var options = Options(Staging("a"));

        Assert.Equal("no new files; waiting to settle: " + string.Join(", ", Drop), await PullAsync(options));
        Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from attendance_session"));

        Assert.StartsWith("4 file(s): 4 loaded", await PullAsync(options), StringComparison.Ordinal);
        Assert.Equal(Sessions, await _database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.Empty(Directory.EnumerateFiles(_server.RemoteFolder));
        Assert.Equal(Drop, RemoteFiles("processed").Select(Path.GetFileName));
        var moved = await _database.QueryAsync<string>("select moved_to from source_file where status = 'committed' and length(sha256) = 64 order by file_name");
        Assert.Equal(Drop.Select(f => $"sftp://127.0.0.1:{_server.Port}{_server.RemoteFolder}/processed/"), moved.Select(m => m[..(m.LastIndexOf('/') - 16)]));
        Assert.Empty(Directory.EnumerateFiles(options.Sources[0].Folder, "*.csv*"));

        Assert.Equal("no new files", await PullAsync(options));
    }

    [OpenSshFact]
    public async Task A_second_server_does_not_load_again_a_file_it_finds_after_a_lost_move_and_moves_it_as_already_loaded()
    {
        WriteDrop(_server.RemoteFolder);
        var first = Options(Staging("a"));
        await PullAsync(first);
        await PullAsync(first);
        var batches = await _database.ScalarAsync<long>("select count(*) from ingest_batch where status = 'committed'");

        // The first server committed and crashed before its move reached the server: the file is back in the folder.
        // The second server has its own staging folder, takes the key from an environment variable and pins the host key
        // by its fingerprint.
        File.Copy(RemoteFiles("processed").Single(f => f.EndsWith("sessions.csv", StringComparison.Ordinal)), Path.Combine(_server.RemoteFolder, "sessions.csv"));
        var variable = "OUTCOMES_TEST_SFTP_KEY_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(variable, File.ReadAllText(_server.UserKeyFile));
        var second = Options(Staging("b"));
        second.Sources[0].Sftp.PrivateKeyFile = null;
        second.Sources[0].Sftp.PrivateKeyVariable = variable;
        second.Sources[0].Sftp.HostKey = _server.HostKeyFingerprint;
        Assert.Empty(JobsOptionsValidator.Problems(second));

        Assert.Equal("no new files; waiting to settle: sessions.csv", await PullAsync(second));
        Assert.StartsWith("1 file(s): 0 loaded (0 rows in or changed, 0 quarantined), 1 already loaded, 0 rejected", await PullAsync(second), StringComparison.Ordinal);

        Assert.Equal(batches, await _database.ScalarAsync<long>("select count(*) from ingest_batch where status = 'committed'"));
        Assert.Equal(Sessions, await _database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.Empty(Directory.EnumerateFiles(_server.RemoteFolder));
        Assert.Equal("no new files", await PullAsync(second));
        Environment.SetEnvironmentVariable(variable, null);
    }

    [OpenSshFact]
    public async Task A_file_still_being_written_on_the_server_waits_until_it_stops_changing()
    {
        WriteDrop(_server.RemoteFolder);
        var sessions = Path.Combine(_server.RemoteFolder, "sessions.csv");
        var whole = File.ReadAllBytes(sessions);
        File.WriteAllBytes(sessions, whole[..(whole.Length / 2)]);
        var options = Options(Staging("a"));
        await PullAsync(options);

        // The upload goes on between the two looks: the file is not taken, however old its first look.
        await using (var append = new FileStream(sessions, FileMode.Append))
        {
            append.Write(whole, whole.Length / 2, whole.Length - (whole.Length / 2));
        }

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.EndsWith("; waiting to settle: sessions.csv", await PullAsync(options), StringComparison.Ordinal);
        Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from attendance_session"));

        Assert.StartsWith("1 file(s): 1 loaded", await PullAsync(options), StringComparison.Ordinal);
        Assert.Equal(Sessions, await _database.ScalarAsync<long>("select count(*) from attendance_session"));
    }

    [OpenSshFact]
    public async Task A_connection_dropped_in_the_middle_of_a_download_is_reopened_and_the_file_loads_exactly_once()
    {
        WriteDrop(_server.RemoteFolder, sessions: 10_000);
        var length = (ulong)new FileInfo(Path.Combine(_server.RemoteFolder, "sessions.csv")).Length;
        var options = Options(Staging("a"));
        await PullAsync(options);
        var dropped = 0;
        var afterDrop = 0UL;
        void Progress(string file, ulong bytes)
        {
            if (file == "sessions.csv" && bytes < length && Interlocked.CompareExchange(ref dropped, 1, 0) == 0)
            {
                Assert.True(_server.DropSessions() > 0, "no sshd session to drop");
            }
            else if (file == "sessions.csv" && dropped == 1)
            {
                afterDrop = bytes;
            }
        }

        Assert.StartsWith("4 file(s): 4 loaded", await PullAsync(options, Progress), StringComparison.Ordinal);

        Assert.Equal(1, dropped);
        Assert.Equal(length, afterDrop);
        Assert.Equal(10_000, await _database.ScalarAsync<long>("select count(*) from attendance_session"));
        Assert.Equal(1, await _database.ScalarAsync<long>("select count(*) from ingest_batch where file_name = 'sessions.csv' and status = 'committed'"));
        Assert.Equal(Drop, RemoteFiles("processed").Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFiles(options.Sources[0].Folder, "*.csv*"));
    }

    [OpenSshFact]
    public async Task A_server_presenting_another_host_key_is_refused_with_both_fingerprints_and_nothing_is_downloaded()
    {
        WriteDrop(_server.RemoteFolder);
        var options = Options(Staging("a"));
        options.Sources[0].Sftp.HostKey = _server.OtherHostKeyLine;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PullAsync(options));

        Assert.Contains($"presented the host key ssh-ed25519 {_server.HostKeyFingerprint}, not the pinned ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("refused, nothing was downloaded", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Drop, Directory.EnumerateFiles(_server.RemoteFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(options.Sources[0].Folder));
        Assert.Equal("failed", await _database.ScalarAsync<string>("select outcome from job_run where job = 'pull'"));
        Assert.DoesNotContain("Accepted publickey", _server.Log, StringComparison.Ordinal);
    }

    [OpenSshFact]
    public async Task The_sftp_source_docs_jobs_md_shows_binds_to_the_settings_and_pulls_once_pointed_at_a_server()
    {
        var documented = DocumentedSftpSource();
        Assert.Equal(SourceKinds.Sftp, documented.Kind);
        Assert.NotNull(HostKeyPin.Parse(documented.Sftp.HostKey, out _));
        Assert.Equal(3, documented.Sftp.DownloadAttempts);

        // Only what names a machine is replaced: the server, its account, key, host key and folders.
        var options = Options(Staging("a"));
        var test = options.Sources[0];
        (documented.Name, documented.Folder) = (test.Name, test.Folder);
        (documented.Sftp.Host, documented.Sftp.Port, documented.Sftp.User) = (test.Sftp.Host, test.Sftp.Port, test.Sftp.User);
        (documented.Sftp.PrivateKeyFile, documented.Sftp.HostKey, documented.Sftp.RemoteFolder) = (test.Sftp.PrivateKeyFile, test.Sftp.HostKey, test.Sftp.RemoteFolder);
        options.Sources[0] = documented;
        Assert.Empty(JobsOptionsValidator.Problems(options));
        WriteDrop(_server.RemoteFolder);

        Assert.StartsWith("no new files; waiting to settle", await PullAsync(options), StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromSeconds(documented.SettleSeconds - 1));
        Assert.StartsWith("no new files; waiting to settle", await PullAsync(options), StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.StartsWith("4 file(s): 4 loaded", await PullAsync(options), StringComparison.Ordinal);
    }

    [OpenSshFact]
    public async Task Exports_on_the_server_are_pulled_through_the_sources_profile_once_settled_and_moved_to_processed_there()
    {
        var samples = Path.Combine(RepositoryData.RepositoryRoot(), "samples", "profiles", "harbor-long");
        string[] exports = ["Admissions_2026-09.txt", "Appointments_2026-09.txt", "HarborPrograms.txt"];
        foreach (var export in exports)
        {
            File.Copy(Path.Combine(samples, "export", export), Path.Combine(_server.RemoteFolder, export));
        }

        var options = Options(Staging("a"));
        options.Sources[0].Profile = Path.Combine(samples, "profile.json");
        Assert.Empty(JobsOptionsValidator.Problems(options));

        Assert.Equal("no new files; waiting to settle: " + string.Join(", ", exports), await PullAsync(options));
        Assert.StartsWith("3 export(s) through profile harbor-long: 3 loaded", await PullAsync(options), StringComparison.Ordinal);

        // The sample's counts (as `outcomes ingest --profile` loads them): 8 of 10 appointments, the rest quarantined.
        Assert.Equal((2L, 3L, 3L, 8L), (
            await _database.ScalarAsync<long>("select count(*) from program"),
            await _database.ScalarAsync<long>("select count(*) from patient"),
            await _database.ScalarAsync<long>("select count(*) from episode"),
            await _database.ScalarAsync<long>("select count(*) from attendance_session")));
        Assert.Equal(2, await _database.ScalarAsync<long>("select count(*) from ingest_quarantine where file_name = 'Appointments_2026-09.txt'"));
        Assert.Empty(Directory.EnumerateFiles(_server.RemoteFolder));
        Assert.Equal(exports, RemoteFiles("processed").Select(Path.GetFileName));
        Assert.Equal(3, await _database.ScalarAsync<long>("select count(*) from source_file where status = 'committed' and length(sha256) = 64 and moved_to like 'sftp://%'"));

        Assert.Equal("no new files", await PullAsync(options));
    }

    /// <summary>The SFTP source of docs/jobs.md, bound as the server binds its settings, refusing any name it does not know.</summary>
    private static SourceOptions DocumentedSftpSource()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Outcomes.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Outcomes.sln not found above the test folder.");
        }

        var blocks = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(root, "docs", "jobs.md")), @"```json\n(?<json>.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups["json"].Value)
            .Where(j => j.Contains("\"Kind\": \"sftp\"", StringComparison.Ordinal))
            .ToList();
        Assert.True(blocks.Count == 1, $"docs/jobs.md should hold exactly one ```json block with an SFTP source; it holds {blocks.Count}.");
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(blocks[0])))
            .Build();
        var options = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<JobsOptions>(configuration.GetSection("Jobs"), o => o.ErrorOnUnknownConfiguration = true);
        return Assert.Single(options!.Sources);
    }

    private JobsOptions Options(string staging)
    {
        var options = TestJobs.Options(staging);
        options.Sources[0].Kind = SourceKinds.Sftp;
        options.Sources[0].Sftp = new SftpOptions
        {
            Host = "127.0.0.1",
            Port = _server.Port,
            User = _server.User,
            PrivateKeyFile = _server.UserKeyFile,
            HostKey = $"[127.0.0.1]:{_server.Port} {_server.HostKeyLine}",
            RemoteFolder = _server.RemoteFolder,
            TimeoutSeconds = 10,
        };
        Assert.Empty(JobsOptionsValidator.Problems(options));
        return options;
    }

    private async Task<string> PullAsync(JobsOptions options, Action<string, ulong>? progress = null)
    {
        _roles ??= TestJobs.Roles(_database);
        var job = new PullJob(_roles, TestJobs.Execution(_roles), TestJobs.Wrap(options), _time, NullLogger<PullJob>.Instance) { DownloadProgress = progress };
        await job.RunAsync("north", null, CancellationToken.None);
        return await _database.ScalarAsync<string>("select summary from job_run where job = 'pull' order by job_run_id desc limit 1");
    }

    private string Staging(string host)
    {
        var folder = TestJobs.NewFolder("sftp-staging-" + host);
        _stagingFolders.Add(folder);
        return folder;
    }

    private List<string> RemoteFiles(string folder) =>
        [.. Directory.EnumerateFiles(Path.Combine(_server.RemoteFolder, folder), "*", SearchOption.AllDirectories).OrderBy(Path.GetFileName, StringComparer.Ordinal)];

    private static void WriteDrop(string folder, int sessions = Sessions)
    {
        BulkDrop.WriteSetup(folder, sessions, FirstAdmission);
        BulkDrop.WriteSessions(Path.Combine(folder, "sessions.csv"), sessions, FirstAdmission, seed: 3);
    }

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _server = await OpenSshServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_roles is not null)
        {
            await _roles.DisposeAsync();
        }

        await _server.DisposeAsync();
        await _database.DisposeAsync();
        foreach (var folder in _stagingFolders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
