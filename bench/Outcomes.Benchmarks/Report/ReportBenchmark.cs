using System.Diagnostics;
using Dapper;
using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Benchmarks.Analysis;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.Reports;

namespace Outcomes.Benchmarks.Report;

/// <summary>
/// Times the monthly workbook for one facility, end to end, on the analysis benchmark's history: first with no
/// stored run for that facility (the report runs the period analysis of each of its twelve months, then reads
/// them back), then again with the runs stored, as after a nightly analysis.
/// </summary>
internal sealed class ReportBenchmark(BenchContext context)
{
    public sealed record Figures(long Episodes, long Sessions, string Facility, TimeSpan Cold, int RunsCreated, TimeSpan Warm, string WorkbookPath);

    public async Task<Figures> RunAsync(int episodes, int sessionsPerEpisode, string? facility, string folder, CancellationToken cancellationToken)
    {
        var end = new DateOnly(2026, 10, 31);
        var connectionString = await new AnalysisBenchmark(context).PrepareDatabaseAsync(episodes, sessionsPerEpisode, end, cancellationToken);
        long episodeCount, sessionCount;
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            episodeCount = await connection.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from episode", commandTimeout: 0, cancellationToken: cancellationToken));
            sessionCount = await connection.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from attendance_session", commandTimeout: 0, cancellationToken: cancellationToken));
        }

        var (chosen, coldTime, runsComputed, warmTime, workbookPath) = await WriteAsync(connectionString, facility, end, folder, warm: true, cancellationToken);
        return new Figures(episodeCount, sessionCount, chosen, coldTime, runsComputed, warmTime, workbookPath);
    }

    /// <summary>
    /// Writes the month's workbook for <paramref name="facility"/> (default: the first) with no runs stored, then, when
    /// <paramref name="warm"/>, again with them stored; returns the facility, both times (zero when not warm), the runs
    /// computed and the first workbook's path.
    /// </summary>
    internal async Task<(string Facility, TimeSpan Cold, int RunsComputed, TimeSpan Warm, string WorkbookPath)> WriteAsync(
        string connectionString, string? facility, DateOnly end, string folder, bool warm, CancellationToken cancellationToken)
    {
        string chosen;
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            chosen = facility ?? await connection.ExecuteScalarAsync<string>(new CommandDefinition("select min(facility_id) from facility", cancellationToken: cancellationToken))
                ?? throw new InvalidOperationException("The benchmark history has no facility.");

            // A scratch database of the benchmark's own: forget the stored runs this facility's report could read
            // (its own and those of all facilities), so the first report starts cold.
            await connection.ExecuteAsync(new CommandDefinition(
                "delete from analysis_run where facility_filter = @Facility or facility_filter is null", new { Facility = chosen }, commandTimeout: 0, cancellationToken: cancellationToken));
        }

        var month = ReportingPeriod.MonthOf(end);
        // As the command runs it: reading as the reporter role, computing missing runs as the analyst role.
        await using var reporter = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(connectionString, DatabaseRole.Reporter));
        await using var analyst = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(connectionString, DatabaseRole.Analyst));
        var report = new WriteMonthlyReports(reporter, analyst, new SmallCellPolicy());
        ReportRequest Request(string name) => new() { Month = month, Population = FacilityScope.Of(chosen), Folder = Path.Combine(folder, name), DataThrough = end };
        context.Output.WriteLine($"Writing the {month.Label} workbook for facility {chosen}, no runs stored ...");
        var clock = Stopwatch.StartNew();
        var cold = await report.RunAsync(Request("cold"), cancellationToken);
        var coldTime = clock.Elapsed;
        var warmTime = TimeSpan.Zero;
        if (warm)
        {
            context.Output.WriteLine("Writing it again, runs stored ...");
            clock.Restart();
            await report.RunAsync(Request("warm"), cancellationToken);
            warmTime = clock.Elapsed;
        }

        return (chosen, coldTime, cold.RunsComputed, warmTime, cold.Workbook!.WorkbookPath);
    }
}
