using Npgsql;
using Outcomes.Database.Embedded;
using Outcomes.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Database.Tests.Backup;

/// <summary>
/// Point-in-time recovery as docs/jobs.md ("Backups and recovery") describes it, tried with the embedded cluster's own
/// server programs on a throwaway cluster (the project's cluster stays as it is): WAL archived to a folder by
/// <c>archive_command</c>, a base backup by <c>pg_basebackup</c>, transactions before and after a target time, then
/// the base backup recovered to that time in a second data folder on another port.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class PointInTimeRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int PrimaryPort = 5544;
    private const int RecoveredPort = 5545;

    private static readonly string? RunAs = Environment.UserName == "root" ? "postgres" : null;

    private readonly string _root = Directory.CreateTempSubdirectory("outcomes-pitr-").FullName;
    private readonly PostgresBinaries _binaries = PostgresBinaries.Locate();

    private string Primary => Path.Combine(_root, "primary");

    private string Archive => Path.Combine(_root, "wal-archive");

    private string Recovered => Path.Combine(_root, "recovered");

    [LocalPostgresFact]
    public async Task A_base_backup_and_the_archived_wal_recover_the_database_as_it_was_at_a_chosen_time()
    {
        await PrepareFoldersAsync();
        await RunAsync(_binaries.InitDb, "-D", Primary, "-U", "outcomes", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-instructions");
        await File.AppendAllTextAsync(Path.Combine(Primary, "postgresql.conf"), $"""

            wal_level = replica
            archive_mode = on
            archive_command = 'test ! -f {Archive}/%f && cp %p {Archive}/%f'
            listen_addresses = ''
            """);
        await StartAsync(Primary, PrimaryPort);
        var primary = ConnectionString(Primary, PrimaryPort);
        await ExecuteAsync(primary, "create table visit (id integer primary key, note text not null)");
        await ExecuteAsync(primary, "insert into visit values (1, 'before the base backup')");

        await RunAsync(Path.Combine(_binaries.BinDirectory, "pg_basebackup"), "-D", Recovered, "-h", Socket(Primary), "-p", $"{PrimaryPort}", "-U", "outcomes",
            "-Fp", "-X", "stream", "-c", "fast");
        await ExecuteAsync(primary, "insert into visit values (2, 'after the base backup')");
        await ExecuteAsync(primary, "insert into visit values (3, 'just before the target')");
        var target = await ScalarAsync<string>(primary, "select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
        // The accident the recovery undoes.
        await ExecuteAsync(primary, "insert into visit values (4, 'after the target')");
        await ExecuteAsync(primary, "delete from visit where id <= 3");
        var lastSegment = await ScalarAsync<string>(primary, "select pg_walfile_name(pg_switch_wal())");
        await WaitUntilAsync(async () => string.CompareOrdinal(await ScalarAsync<string?>(primary, "select last_archived_wal from pg_stat_archiver") ?? "", lastSegment) >= 0,
            () => $"segment {lastSegment} was not archived");
        await StopAsync(Primary);

        await File.AppendAllTextAsync(Path.Combine(Recovered, "postgresql.conf"), $"""

            archive_mode = off
            restore_command = 'cp {Archive}/%f %p'
            recovery_target_time = '{target}'
            recovery_target_action = 'promote'
            """);
        await File.WriteAllTextAsync(Path.Combine(Recovered, "recovery.signal"), "");
        await StartAsync(Recovered, RecoveredPort);
        var recovered = ConnectionString(Recovered, RecoveredPort);
        await WaitUntilAsync(async () => !await ScalarAsync<bool>(recovered, "select pg_is_in_recovery()"), () => "the recovered server was not promoted");

        var notes = await NotesAsync(recovered);
        await StopAsync(Recovered);
        var log = await File.ReadAllLinesAsync(Path.Combine(_root, "recovered.log"));
        foreach (var line in log.Where(l => l.Contains("recovery", StringComparison.Ordinal) || l.Contains("restored log file", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        Assert.Equal(["before the base backup", "after the base backup", "just before the target"], notes);
        Assert.Contains(log, l => l.Contains("recovery stopping before commit of transaction", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("restored log file", StringComparison.Ordinal));
    }

    private async Task PrepareFoldersAsync()
    {
        Directory.CreateDirectory(Archive);
        Directory.CreateDirectory(Path.Combine(_root, "run-primary"));
        Directory.CreateDirectory(Path.Combine(_root, "run-recovered"));
        if (RunAs is not null)
        {
            // The server programs run as the packaged account, which must own what they write.
            await RunAsAsync("chown", null, "-R", RunAs + ":", _root);
        }
    }

    private string Socket(string dataFolder) => Path.Combine(_root, "run-" + Path.GetFileName(dataFolder));

    private string ConnectionString(string dataFolder, int port) =>
        new NpgsqlConnectionStringBuilder { Host = Socket(dataFolder), Port = port, Username = "outcomes", Database = "postgres", Pooling = false }.ConnectionString;

    private Task StartAsync(string dataFolder, int port) =>
        RunAsync(_binaries.PgCtl, "-D", dataFolder, "-l", Path.Combine(_root, Path.GetFileName(dataFolder) + ".log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {Socket(dataFolder)}", "start");

    private Task StopAsync(string dataFolder) => RunAsync(_binaries.PgCtl, "-D", dataFolder, "-m", "fast", "-w", "stop");

    private static Task RunAsync(string program, params string[] arguments) => RunAsAsync(program, RunAs, arguments);

    private static async Task RunAsAsync(string program, string? runAs, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(program, arguments, runAs, CancellationToken.None);
        Assert.True(result.Succeeded, $"{Path.GetFileName(program)} failed: {result.Output}");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)value;
    }

    private static async Task<List<string>> NotesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select note from visit order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var notes = new List<string>();
        while (await reader.ReadAsync())
        {
            notes.Add(reader.GetString(0));
        }

        return notes;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done, Func<string> what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), what());
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        foreach (var data in new[] { Primary, Recovered })
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                ProcessRunner.RunAsync(_binaries.PgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], RunAs, CancellationToken.None).GetAwaiter().GetResult();
            }
        }

        Directory.Delete(_root, recursive: true);
    }
}
