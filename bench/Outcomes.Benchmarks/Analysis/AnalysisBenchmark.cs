using System.Diagnostics;
using Dapper;
using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Database.Connection;
using Outcomes.Database.Migrations;

namespace Outcomes.Benchmarks.Analysis;

/// <summary>
/// Times a full period analysis on a large history against one grouped scan of the sessions table, the
/// cheapest query that touches every session, in the same run on the same server.
/// </summary>
internal sealed class AnalysisBenchmark(BenchContext context)
{
    /// <summary>
    /// The second of two runs of the grouped scan and of each analysis (the figures compared), and the first (caches
    /// as the work before left them; shown, not compared).
    /// </summary>
    public sealed record Figures(
        long Sessions, TimeSpan GroupedScan, TimeSpan FirstGroupedScan, IReadOnlyList<(string Period, TimeSpan Elapsed, TimeSpan First, int Figures)> Runs);

    public async Task<Figures> RunAsync(int episodes, int sessionsPerEpisode, CancellationToken cancellationToken)
    {
        var end = new DateOnly(2026, 10, 31);
        var connectionString = await PrepareDatabaseAsync(episodes, sessionsPerEpisode, end, cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var sessions = await connection.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from attendance_session", commandTimeout: 0, cancellationToken: cancellationToken));

        // The scan and each analysis run twice and the second runs are compared: both then read what the first left in
        // the caches, whatever ran before the benchmark.
        const string groupedScan = "select status, count(*), sum(attended_minutes) from attendance_session group by status";
        var clock = Stopwatch.StartNew();
        await connection.ExecuteAsync(new CommandDefinition(groupedScan, commandTimeout: 0, cancellationToken: cancellationToken));
        var firstScan = clock.Elapsed;
        clock.Restart();
        await connection.ExecuteAsync(new CommandDefinition(groupedScan, commandTimeout: 0, cancellationToken: cancellationToken));
        var scan = clock.Elapsed;

        // As the schema's owner (no row-level security), then the month again as the analyst role, as the commands and
        // the nightly job run it: the policies' cost for a login without a facility list.
        await using var analyst = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(connectionString, DatabaseRole.Analyst));
        var runs = new List<(string, TimeSpan, TimeSpan, int)>();
        foreach (var (label, source, name) in new[] { ("2026-10", dataSource, "2026-10"), ("12m:2026-10", dataSource, "12m:2026-10"), ("2026-10", analyst, "2026-10 as analyst") })
        {
            context.Output.WriteLine($"Analysing {name} twice ...");
            var analysis = new PeriodAnalysis(source, new SmallCellPolicy());
            clock.Restart();
            await analysis.RunAsync(ReportingPeriod.Parse(label), null, end, cancellationToken: cancellationToken);
            var first = clock.Elapsed;
            clock.Restart();
            var run = await analysis.RunAsync(ReportingPeriod.Parse(label), null, end, cancellationToken: cancellationToken);
            await AnalysisRunStore.SaveAsync(source, run, cancellationToken);
            runs.Add((name, clock.Elapsed, first, run.Figures.Count));
        }

        return new Figures(sessions, scan, firstScan, runs);
    }

    /// <summary>Reuses the history from an earlier run of the same size; builds it otherwise.</summary>
    /// <param name="suffix">
    /// The scratch database's suffix: <c>_analysis</c>, shared by <c>analyze</c>, <c>model</c>, <c>report</c> and <c>web</c>;
    /// <c>scale</c> has its own (it ingests into its history). A constant of the caller's, never input.
    /// </param>
    /// <param name="days">
    /// The days the admissions span up to <paramref name="end"/> when not two years; a history of another span is never
    /// reused (its marker does not record the span), so only a caller that rebuilds its history each time gives it.
    /// </param>
    internal async Task<string> PrepareDatabaseAsync(
        int episodes, int sessionsPerEpisode, DateOnly end, CancellationToken cancellationToken, string suffix = "_analysis", int? days = null)
    {
        var admin = await ScratchDatabase.AdminConnectionStringAsync(context, cancellationToken);
        var name = context.DatabaseName(suffix);
        var target = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from pg_database where datname = @Name)", new { Name = name }, cancellationToken: cancellationToken));
            if (exists && days is null && await SameHistoryAsync(target, episodes, sessionsPerEpisode, cancellationToken))
            {
                context.Output.WriteLine($"Reusing the generated history in {name}.");
                await using var existing = NpgsqlDataSource.Create(target);
                await new MigrationRunner(context.Logger).MigrateAsync(existing, cancellationToken);
                return target;
            }
        }

        await ScratchDatabase.RecreateAsync(admin, name, cancellationToken);

        await using var dataSource = NpgsqlDataSource.Create(target);
        await new MigrationRunner(context.Logger).MigrateAsync(dataSource, cancellationToken);
        context.Output.WriteLine($"Generating {episodes:N0} episodes with {sessionsPerEpisode} sessions each ...");
        await AnalysisHistory.BuildAsync(dataSource, episodes, sessionsPerEpisode, end, context.Output, cancellationToken, days);
        await using var marker = await dataSource.OpenConnectionAsync(cancellationToken);
        await marker.ExecuteAsync(new CommandDefinition(
            "create table bench_history (episodes integer, sessions_per_episode integer); insert into bench_history values (@Episodes, @SessionsPerEpisode)",
            new { Episodes = episodes, SessionsPerEpisode = sessionsPerEpisode }, cancellationToken: cancellationToken));
        return target;
    }

    private static async Task<bool> SameHistoryAsync(string connectionString, int episodes, int sessionsPerEpisode, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select to_regclass('bench_history') is not null", cancellationToken: cancellationToken)))
        {
            return false;
        }

        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from bench_history where episodes = @Episodes and sessions_per_episode = @SessionsPerEpisode)",
            new { Episodes = episodes, SessionsPerEpisode = sessionsPerEpisode }, cancellationToken: cancellationToken));
    }
}
