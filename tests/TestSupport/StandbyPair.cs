using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Npgsql;
using Outcomes.Database.Embedded;
using Xunit;

namespace Outcomes.TestSupport;

/// <summary>
/// A primary and a hot standby of it: two clusters on loopback, in a folder of their own. The primary is an
/// <see cref="EmbeddedCluster"/> (PostgreSQL's defaults give it <c>wal_level = replica</c> and WAL senders; its
/// superuser may replicate and initdb's pg_hba.conf lets it over 127.0.0.1); the standby is its copy made by
/// <c>pg_basebackup -R</c> (which writes <c>standby.signal</c> and <c>primary_conninfo</c>), started on another port,
/// streaming. Both are stopped and their folders deleted at the end.
/// </summary>
public sealed class StandbyPair : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("outcomes-standby-").FullName;
    private EmbeddedCluster _primary = null!;
    private PostgresBinaries _binaries = null!;
    private bool _standbyStarted;

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>The primary's superuser, database <c>outcomes</c>.</summary>
    public string PrimaryConnectionString { get; private set; } = "";

    /// <summary>The same login and database on the standby.</summary>
    public string StandbyConnectionString { get; private set; } = "";

    private string StandbyData => Path.Combine(_work, "standby");

    public async Task InitializeAsync()
    {
        if (!OperatingSystem.IsWindows())
        {
            // The clusters run as the 'postgres' account when the tests run as root: it must be able to enter this folder.
            File.SetUnixFileMode(_work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        _binaries = PostgresBinaries.Locate();
        _primary = new EmbeddedCluster(Path.Combine(_work, "primary"));
        PrimaryConnectionString = await _primary.EnsureStartedAsync();
        await using (var primary = new NpgsqlConnection(PrimaryConnectionString))
        {
            await primary.OpenAsync();
            var walLevel = await primary.ExecuteScalarAsync<string>("show wal_level");
            Assert.True(walLevel is "replica" or "logical", $"the primary's wal_level is {walLevel}: a standby needs replica");
        }

        Directory.CreateDirectory(StandbyData);
        // The standby's socket and log, in a folder its account may write.
        var socket = Path.Combine(_work, "run");
        Directory.CreateDirectory(socket);
        foreach (var folder in new[] { StandbyData, socket })
        {
            await ChownAsync(folder);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(StandbyData, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var primaryBuilder = new NpgsqlConnectionStringBuilder(PrimaryConnectionString);
        await RunAsync(Path.Combine(_binaries.BinDirectory, "pg_basebackup"),
            ["-h", "127.0.0.1", "-p", primaryBuilder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", primaryBuilder.Username!,
             "-D", StandbyData, "-R", "-X", "stream", "-c", "fast", "-w"],
            new Dictionary<string, string> { ["PGPASSWORD"] = primaryBuilder.Password! });

        var port = FreePort();
        await RunAsync(_binaries.PgCtl,
            ["-D", StandbyData, "-l", Path.Combine(socket, "standby.log"), "-w", "-t", "120", "-o", $"-p {port} -k {socket}", "start"]);
        _standbyStarted = true;
        StandbyConnectionString = new NpgsqlConnectionStringBuilder(PrimaryConnectionString) { Port = port }.ConnectionString;

        // Ready once it streams from the primary.
        await using var standby = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(StandbyConnectionString) { Pooling = false }.ConnectionString);
        await standby.OpenAsync();
        for (var attempt = 1; await standby.ExecuteScalarAsync<string?>("select status from pg_stat_wal_receiver") != "streaming"; attempt++)
        {
            Assert.True(attempt < 300, "the standby did not start streaming from the primary within 30 s");
            await Task.Delay(100);
        }
    }

    /// <summary>Pauses or resumes the standby's replay of the primary's WAL (it keeps receiving it).</summary>
    public async Task PauseReplayAsync(bool pause)
    {
        await using var standby = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(StandbyConnectionString) { Pooling = false }.ConnectionString);
        await standby.OpenAsync();
        await standby.ExecuteAsync(pause ? "select pg_wal_replay_pause()" : "select pg_wal_replay_resume()");
    }

    /// <summary>Waits until the standby has replayed everything the primary has written so far.</summary>
    public async Task CatchUpAsync()
    {
        await using var primary = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PrimaryConnectionString) { Pooling = false }.ConnectionString);
        await primary.OpenAsync();
        var written = await primary.ExecuteScalarAsync<decimal>("select pg_current_wal_lsn() - '0/0'::pg_lsn");
        await using var standby = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(StandbyConnectionString) { Pooling = false }.ConnectionString);
        await standby.OpenAsync();
        for (var attempt = 1; await standby.ExecuteScalarAsync<decimal>("select pg_last_wal_replay_lsn() - '0/0'::pg_lsn") < written; attempt++)
        {
            Assert.True(attempt < 600, "the standby did not catch up with the primary within 60 s");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (_standbyStarted)
            {
                await RunAsync(_binaries.PgCtl, ["-D", StandbyData, "-m", "fast", "-w", "-t", "120", "stop"]);
            }
        }
        finally
        {
            await _primary.StopAsync();
            Directory.Delete(_work, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task ChownAsync(string path) =>
        IsRoot ? RunAsync("chown", ["postgres:", path], asServer: false) : Task.CompletedTask;

    /// <summary>Runs a program (as the 'postgres' account when root, as the clusters run); fails the test with its output.</summary>
    private static async Task RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, bool asServer = true)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        if (asServer && IsRoot)
        {
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(program)} failed ({process.ExitCode}): {await output}{await errors}");
    }
}
