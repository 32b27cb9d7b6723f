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
/// Ingests a sessions file of N rows through the full validated path, then loads the same file with
/// <c>psql \copy</c> into a plain table of the same columns on the same server, and compares.
/// </summary>
internal sealed class IngestBenchmark(BenchContext context)
{
    public sealed record Figures(long Rows, TimeSpan Ingest, TimeSpan PsqlCopy, long PeakWorkingSetBytes, long StartWorkingSetBytes, long PeakManagedBytes)
    {
        public double IngestRate => Rows / Ingest.TotalSeconds;

        public double CopyRate => Rows / PsqlCopy.TotalSeconds;

        public double Ratio => IngestRate / CopyRate;
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
        var copy = await PsqlCopyAsync(connectionString, sessionsFile, cancellationToken);
        return new Figures(rows, ingest, copy, sampler.PeakWorkingSet, startWorkingSet, sampler.PeakManaged);
    }

    private async Task<string> PrepareDatabaseAsync(CancellationToken cancellationToken) =>
        await ScratchDatabase.RecreateAsync(await ScratchDatabase.AdminConnectionStringAsync(context, cancellationToken), context.DatabaseName(""), cancellationToken);

    private static async Task CheckpointAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("checkpoint", cancellationToken: cancellationToken));
        }
        catch (PostgresException)
        {
            // Needs superuser or pg_checkpoint on an external server; the comparison still holds without it.
        }
    }

    private static async Task<TimeSpan> PsqlCopyAsync(string connectionString, string file, CancellationToken cancellationToken)
    {
        const string createPlain = """
            create table bench_plain_session (
                facility_id text, session_id text, episode_id text, session_date date, kind text,
                scheduled_minutes smallint, status text, attended_minutes smallint)
            """;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(createPlain, cancellationToken: cancellationToken));
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(LocatePsql())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!, "-c", $"\\copy bench_plain_session from '{file.Replace("'", "''", StringComparison.Ordinal)}' with (format csv, header true)" })
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
