using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.Runs;

/// <summary>
/// The one owner of analysis runs: computing and storing them (as the analyst), and finding and reading the stored run a
/// report reads (as any login, the reporter's included): a run of the period, the facility (or of all facilities, which
/// holds each facility's figures too), the data-through date and the current definitions. Reading never computes.
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

    /// <summary>
    /// The calendar months with a stored run the login of <paramref name="dataSource"/> sees (of <paramref name="facility"/>
    /// or of all facilities, current definitions), newest first, each with the latest data-through date stored for it:
    /// the months a page can offer, and the data-through date a month's reading asks for.
    /// </summary>
    public static async Task<IReadOnlyList<(ReportingPeriod Month, DateOnly DataThrough)>> StoredMonthsAsync(
        NpgsqlDataSource dataSource, string? facility, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select period_start, max(data_through)
            from analysis_run
            where extract(day from period_start) = 1 and period_end = (period_start + interval '1 month' - interval '1 day')::date
              and period_label = to_char(period_start, 'YYYY-MM')
              and (facility_filter is not distinct from @Facility or facility_filter is null)
              and definitions_version = @Version and early_dropout_days = @EarlyDays
            group by period_start
            order by period_start desc
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(DateOnly Start, DateOnly Through)>(new CommandDefinition(
            sql, new { Facility = facility, OutcomeDefinitions.Version, EarlyDays = OutcomeDefinitions.DefaultEarlyDropoutDays }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => (ReportingPeriod.MonthOf(r.Start), r.Through))];
    }

    /// <summary>The stored run of the period, computed and stored first when there is none; returns its id.</summary>
    public static async Task<Guid> EnsureAsync(
        NpgsqlDataSource analyst, SmallCellPolicy policy, ReportingPeriod period, string? facility, DateOnly dataThrough,
        CancellationToken cancellationToken = default) =>
        await FindAsync(analyst, period, facility, dataThrough, cancellationToken)
        ?? (await ComputeAsync(analyst, policy, period, facility, dataThrough, cancellationToken: cancellationToken)).RunId;

    /// <summary>
    /// Makes sure the login of <paramref name="reader"/> finds the run of the period: when it finds none (none is stored,
    /// or none it may see: a login limited to some facilities sees only their own runs), the analyst computes and stores
    /// the facility's run. True when a run was computed.
    /// </summary>
    public static async Task<bool> EnsureReadableAsync(
        NpgsqlDataSource analyst, NpgsqlDataSource reader, SmallCellPolicy policy, ReportingPeriod period, string? facility, DateOnly dataThrough,
        CancellationToken cancellationToken = default)
    {
        if (await FindAsync(reader, period, facility, dataThrough, cancellationToken) is not null)
        {
            return false;
        }

        await ComputeAsync(analyst, policy, period, facility, dataThrough, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>
    /// Makes sure <paramref name="facility"/>'s own run of the period is stored (computed by the analyst when it is not),
    /// even where a run of all facilities would serve a report of the facility: a login limited to the facility sees only
    /// the facility's own runs (row-level security hides the runs of all facilities), so its dashboard needs them. For
    /// all facilities (null), the run of all facilities. True when a run was computed.
    /// </summary>
    public static async Task<bool> EnsureOwnAsync(
        NpgsqlDataSource analyst, SmallCellPolicy policy, ReportingPeriod period, string? facility, DateOnly dataThrough,
        CancellationToken cancellationToken = default)
    {
        const string sql = """
            select exists (
                select 1 from analysis_run
                where period_label = @Label and period_start = @Start and period_end = @End
                  and facility_filter is not distinct from @Facility and data_through = @Through
                  and definitions_version = @Version and early_dropout_days = @EarlyDays)
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
        await using (var connection = await analyst.OpenConnectionAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)))
            {
                return false;
            }
        }

        await ComputeAsync(analyst, policy, period, facility, dataThrough, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>
    /// The stored run a report of the period reads (<see cref="FindAsync"/>), figures read back from the database; throws
    /// <see cref="AnalysisRunNotStoredException"/> when the login of <paramref name="reader"/> finds none.
    /// </summary>
    public static async Task<StoredRun> ReadAsync(
        NpgsqlDataSource reader, ReportingPeriod period, string? facility, DateOnly dataThrough, CancellationToken cancellationToken = default)
    {
        var runId = await FindAsync(reader, period, facility, dataThrough, cancellationToken)
            ?? throw new AnalysisRunNotStoredException(period, facility, dataThrough);
        return await LoadAsync(reader, runId, cancellationToken);
    }

    /// <summary>A stored run by id, figures read back from the database.</summary>
    public static async Task<StoredRun> LoadAsync(NpgsqlDataSource reader, Guid runId, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select run_id as RunId, period_label as Label, period_start as Start, period_end as End, facility_filter as Facility,
                   data_through as DataThrough, early_dropout_days as EarlyDropoutDays, definitions_version as DefinitionsVersion,
                   software_version as SoftwareVersion
            from analysis_run where run_id = @RunId
            """;
        RunRow row;
        await using (var connection = await reader.OpenConnectionAsync(cancellationToken))
        {
            row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(sql, new { RunId = runId }, cancellationToken: cancellationToken))
                ?? throw new InvalidOperationException($"There is no analysis run {runId}.");
        }

        var figures = await AnalysisRunStore.LoadFiguresAsync(reader, runId, cancellationToken);
        var run = new AnalysisRun(row.RunId, new ReportingPeriod(row.Label, row.Start, row.End), row.Facility, row.DataThrough,
            row.EarlyDropoutDays, row.DefinitionsVersion, figures);
        return new StoredRun(run, row.SoftwareVersion);
    }

    private sealed record RunRow(
        Guid RunId, string Label, DateOnly Start, DateOnly End, string? Facility, DateOnly DataThrough, int EarlyDropoutDays,
        string DefinitionsVersion, string SoftwareVersion);
}
