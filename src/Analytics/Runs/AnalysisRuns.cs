using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.Runs;

/// <summary>
/// Computing and storing analysis runs, and finding the stored run a report reads: a run of the period, the facility
/// (or of all facilities, which holds each facility's figures too), the data-through date and the current definitions.
/// </summary>
public static class AnalysisRuns
{
    /// <summary>Runs the period analysis and stores the run with its figures (what <c>outcomes analyze</c> does).</summary>
    public static async Task<AnalysisRun> ComputeAsync(
        NpgsqlDataSource analyst, SmallCellPolicy policy, ReportingPeriod period, string? facility, DateOnly? dataThrough,
        int earlyDropoutDays = OutcomeDefinitions.DefaultEarlyDropoutDays, CancellationToken cancellationToken = default)
    {
        var run = await new PeriodAnalysis(analyst, policy).RunAsync(period, facility, dataThrough, earlyDropoutDays, cancellationToken);
        await AnalysisRunStore.SaveAsync(analyst, run, cancellationToken);
        return run;
    }

    /// <summary>
    /// The stored run a report of the period reads, visible to the login of <paramref name="dataSource"/>: the facility's
    /// own run first, else a run of all facilities; the latest of those. Null when none is stored (or visible).
    /// </summary>
    public static async Task<Guid?> FindAsync(
        NpgsqlDataSource dataSource, ReportingPeriod period, string? facility, DateOnly dataThrough, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select run_id from analysis_run
            where period_label = @Label and period_start = @Start and period_end = @End
              and (facility_filter is not distinct from @Facility or facility_filter is null) and data_through = @Through
              and definitions_version = @Version and early_dropout_days = @EarlyDays
            order by facility_filter is not distinct from @Facility desc, created_at desc, run_id
            limit 1
            """;
        var parameters = new
        {
            period.Label,
            period.Start,
            period.End,
            Facility = facility,
            Through = dataThrough,
            OutcomeDefinitions.Version,
            EarlyDays = OutcomeDefinitions.DefaultEarlyDropoutDays,
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    /// <summary>The stored run of the period, computed and stored first when there is none; returns its id.</summary>
    public static async Task<Guid> EnsureAsync(
        NpgsqlDataSource analyst, SmallCellPolicy policy, ReportingPeriod period, string? facility, DateOnly dataThrough,
        CancellationToken cancellationToken = default) =>
        await FindAsync(analyst, period, facility, dataThrough, cancellationToken)
        ?? (await ComputeAsync(analyst, policy, period, facility, dataThrough, cancellationToken: cancellationToken)).RunId;
}
