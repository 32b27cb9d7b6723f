using System.Data;
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Database.Embedded;
using Outcomes.Database.Migrations;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Bulk;

namespace Outcomes.Benchmarks.Ingest;

/// <summary>
/// Ingests a sessions file of N rows through the full validated path, then loads the same file on the same server
/// with the tools a DBA would reach for: <c>psql \copy</c> into a plain table of the file's columns, <c>psql \copy</c>
/// into a table with the sessions table's three indexes (nothing checked: one bad row aborts all), and pgloader into
/// that indexed table (types checked, bad rows to a reject file; installed from the distribution when missing and
/// the benchmark may, skipped with the reason otherwise). Each baseline starts from a checkpoint, as the ingest does.
/// </summary>
internal sealed class IngestBenchmark(BenchContext context)
{
    public sealed record Figures(
        long Rows, TimeSpan Ingest, TimeSpan PsqlCopy, TimeSpan PsqlCopyIndexed, TimeSpan? Pgloader, string? PgloaderNote,
        long PeakWorkingSetBytes, long StartWorkingSetBytes, long PeakManagedBytes)
    {
        public double IngestRate => Rows / Ingest.TotalSeconds;

        /// <summary>The ingest's rate over a plain <c>psql \copy</c>'s.</summary>
        public double Ratio => PsqlCopy / Ingest;

        /// <summary>The ingest's rate over <c>psql \copy</c>'s into the same indexes: the issue's target is at least 0.75.</summary>
        public double IndexedRatio => PsqlCopyIndexed / Ingest;
    }

    public async Task<Figures> RunAsync(long rows, string workFolder, CancellationToken cancellationToken)
    {
        var connectionString = await PrepareDatabaseAsync(cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(context.Logger).MigrateAsync(dataSource, cancellationToken);

        var setup = Path.Combine(workFolder, "setup");
        var drop = Path.Combine(workFolder, "sessions");
        Directory.CreateDirectory(drop);
        var sessionsFile = Path.Combine(drop, "sessions.csv");
        var firstAdmission = context.Today.AddDays(-800);
        context.Output.WriteLine($"Writing {rows:N0} session rows ...");
        BulkDrop.WriteSetup(setup, rows, firstAdmission);
        BulkDrop.WriteSessions(sessionsFile, rows, firstAdmission, seed: 42);
        context.Output.WriteLine($"  sessions.csv: {new FileInfo(sessionsFile).Length / 1048576.0:N0} MB");

        var options = new IngestOptions { Today = context.Today };
        var quiet = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        await new FolderIngestor(dataSource, quiet).IngestAsync(setup, options, cancellationToken: cancellationToken);

        // Start both timed steps from the same state: a checkpoint flushes what the set-up wrote.
        await CheckpointAsync(dataSource, cancellationToken);
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var startWorkingSet = process.WorkingSet64;
        using var sampler = new MemorySampler();
        context.Output.WriteLine("Ingesting through validation, staging and merge ...");
        var clock = Stopwatch.StartNew();
        var result = await new FolderIngestor(dataSource, quiet)
            .IngestAsync(drop, options, new IngestProgressPrinter(Console.Error), cancellationToken);
        var ingest = clock.Elapsed;
        sampler.Stop();
        var file = result.Files.Single();
        if (file.Status != FileStatus.Committed || file.RowsInserted != rows)
        {
            throw new InvalidOperationException($"The benchmark ingest did not load every row: {file}");
        }

        await CheckpointAsync(dataSource, cancellationToken);
        context.Output.WriteLine("Loading the same file with psql \\copy into a plain table ...");
        var copy = await PsqlCopyAsync(connectionString, sessionsFile, PlainTable, indexed: false, cancellationToken);
        await CheckpointAsync(dataSource, cancellationToken);
        context.Output.WriteLine("Loading the same file with psql \\copy into a table with the sessions table's three indexes ...");
        var copyIndexed = await PsqlCopyAsync(connectionString, sessionsFile, IndexedTable, indexed: true, cancellationToken);
        await CheckpointAsync(dataSource, cancellationToken);
        var (pgloader, note) = await PgloaderAsync(connectionString, sessionsFile, workFolder, rows, cancellationToken);
        return new Figures(rows, ingest, copy, copyIndexed, pgloader, note, sampler.PeakWorkingSet, startWorkingSet, sampler.PeakManaged);
    }

    private const string PlainTable = "bench_plain_session";
    private const string IndexedTable = "bench_indexed_session";
    private const string PgloaderTable = "bench_pgloader_session";

    /// <summary>A table of the file's columns; with <paramref name="indexed"/>, the sessions table's three indexes on them (migrations 0027, 0029, 0042).</summary>
    private static async Task CreateTableAsync(string connectionString, string table, bool indexed, CancellationToken cancellationToken)
    {
        var sql = $"""
            create table {table} (
                facility_id text, session_id text, episode_id text, session_date date, kind text,
                scheduled_minutes smallint, status text, attended_minutes smallint)
            """;
        if (indexed)
        {
            sql += $"""
                ;
                create unique index {table}_key on {table} (lower(session_id), facility_id);
                create index {table}_episode on {table} (episode_id, session_date) include (status, attended_minutes);
                create index {table}_family_attended on {table} (episode_id, session_date)
                    where kind = 'family' and status in ('attended', 'late', 'left_early')
                """;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }

    private async Task<string> PrepareDatabaseAsync(CancellationToken cancellationToken) =>
        await ScratchDatabase.RecreateAsync(await ScratchDatabase.AdminConnectionStringAsync(context, cancellationToken), context.DatabaseName(""), cancellationToken);

    private static async Task CheckpointAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // Dapper would take a one-word command for a procedure's name ("call checkpoint()"): the type is said.
            await connection.ExecuteAsync(new CommandDefinition("checkpoint", commandType: CommandType.Text, cancellationToken: cancellationToken));
        }
        catch (PostgresException)
        {
            // Needs superuser or pg_checkpoint on an external server; the comparison still holds without it.
        }
    }

    private static async Task<TimeSpan> PsqlCopyAsync(string connectionString, string file, string table, bool indexed, CancellationToken cancellationToken)
    {
        await CreateTableAsync(connectionString, table, indexed, cancellationToken);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(LocatePsql())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!, "-c", $"\\copy {table} from '{file.Replace("'", "''", StringComparison.Ordinal)}' with (format csv, header true)" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = builder.Password;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql \\copy failed: {await errors}");
        }

        return elapsed;
    }

    /// <summary>
    /// pgloader's load of the file into a table with the sessions table's indexes, timed whole (its start included), and
    /// checked to have loaded every row; null with the reason when pgloader is missing and cannot be installed here.
    /// </summary>
    private async Task<(TimeSpan? Elapsed, string? Note)> PgloaderAsync(
        string connectionString, string file, string workFolder, long rows, CancellationToken cancellationToken)
    {
        var pgloader = FindOnPath("pgloader") ?? await InstallPgloaderAsync(cancellationToken);
        if (pgloader is null)
        {
            return (null, "pgloader is not installed and could not be installed here (Debian: apt-get install pgloader); skipped");
        }

        await CreateTableAsync(connectionString, PgloaderTable, indexed: true, cancellationToken);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var folder = Path.Combine(workFolder, "pgloader");
        Directory.CreateDirectory(folder);
        var command = Path.Combine(folder, "sessions.load");
        await File.WriteAllTextAsync(command, $"""
            LOAD CSV
                FROM '{file.Replace("'", "''", StringComparison.Ordinal)}'
                    (facility_id, session_id, episode_id, session_date, kind, scheduled_minutes, status, attended_minutes)
                INTO postgresql://{Uri.EscapeDataString(builder.Username!)}@{builder.Host}:{builder.Port}/{Uri.EscapeDataString(builder.Database!)}
                TARGET TABLE {PgloaderTable}
                WITH skip header = 1,
                     fields optionally enclosed by '"',
                     fields escaped by double-quote,
                     fields terminated by ','
            ;
            """, cancellationToken);

        context.Output.WriteLine("Loading the same file with pgloader into a table with the same three indexes ...");
        var start = new ProcessStartInfo(pgloader)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--root-dir", folder, "--no-ssl-cert-verification", command })
        {
            start.ArgumentList.Add(argument);
        }

        // The password goes by the environment, never into the command file.
        start.Environment["PGPASSWORD"] = builder.Password;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var loaded = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"select count(*) from {PgloaderTable}", commandTimeout: 0, cancellationToken: cancellationToken));
        if (process.ExitCode != 0 || loaded != rows)
        {
            throw new InvalidOperationException($"pgloader loaded {loaded:N0} of {rows:N0} rows (exit code {process.ExitCode}): {await errors}{await output}");
        }

        return (elapsed, null);
    }

    /// <summary>Installs Debian's pgloader when this process may (root, apt-get present); its path, or null.</summary>
    private async Task<string?> InstallPgloaderAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || FindOnPath("apt-get") is not { } aptGet)
        {
            return null;
        }

        context.Output.WriteLine("Installing pgloader from the distribution (apt-get install pgloader) ...");
        var start = new ProcessStartInfo(aptGet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "install", "-y", "-q", "pgloader" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            context.Output.WriteLine($"  apt-get install pgloader failed: {(await errors).Trim()}");
            return null;
        }

        return FindOnPath("pgloader");
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    private static string LocatePsql()
    {
        try
        {
            return PostgresBinaries.Locate().Psql;
        }
        catch (InvalidOperationException)
        {
            return "psql";
        }
    }

    /// <summary>Samples the process's working set and managed heap every 50 ms; keeps the peaks.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public MemorySampler() => _loop = Task.Run(LoopAsync);

        public long PeakWorkingSet { get; private set; }

        public long PeakManaged { get; private set; }

        public void Stop()
        {
            _stop.Cancel();
            try
            {
                _loop.Wait();
            }
            catch (AggregateException)
            {
                // The loop ends by cancellation.
            }
        }

        public void Dispose()
        {
            Stop();
            _stop.Dispose();
        }

        private async Task LoopAsync()
        {
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                PeakWorkingSet = Math.Max(PeakWorkingSet, process.WorkingSet64);
                PeakManaged = Math.Max(PeakManaged, GC.GetTotalMemory(false));
                await Task.Delay(50, _stop.Token).ConfigureAwait(false);
            }
        }
    }
}
