using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Reports.Runs;

/// <summary>
/// Where reports take their numbers: the stored analysis run of a period, facility filter and data-through
/// date. When none is stored, the period analysis runs once and is stored; either way the figures are read
/// back from <c>analysis_figure</c>, so a report shows exactly what was stored. A run of all facilities holds each
/// facility's figures as well, so a facility's report reads it when no run of that facility alone is stored.
/// </summary>
internal sealed class RunSource(NpgsqlDataSource dataSource, SmallCellPolicy policy, NpgsqlDataSource? analysis)
{
    /// <summary>Reads and computes missing runs through the same data source.</summary>
    public RunSource(NpgsqlDataSource dataSource, SmallCellPolicy policy)
        : this(dataSource, policy, dataSource)
    {
    }

    /// <summary>
    /// The day the data are complete through, by the period analysis's own default (<see cref="DataThrough"/>).
    /// Null when nothing is loaded yet.
    /// </summary>
    public Task<DateOnly?> DataThroughAsync(CancellationToken cancellationToken = default) => DataThrough.LatestAsync(dataSource, cancellationToken);

    public async Task<StoredRun> GetAsync(ReportingPeriod period, string? facility, DateOnly dataThrough, CancellationToken cancellationToken = default)
    {
        var runId = await AnalysisRuns.FindAsync(dataSource, period, facility, dataThrough, cancellationToken);
        if (runId is null)
        {
            if (analysis is null)
            {
                throw new InvalidOperationException(
                    $"The analysis run of {period.Label}{(facility is null ? "" : $" for {facility}")} with data through {dataThrough:yyyy-MM-dd} is not stored " +
                    "(or not visible to this login, which may be limited to some facilities), and this login may not compute it (it acts as reporter). " +
                    $"An analyst stores it with 'outcomes analyze --period {period.Label}{(facility is null ? "" : $" --facility {facility}")}'; " +
                    "the nightly job stores the month's runs.");
            }

            runId = (await AnalysisRuns.ComputeAsync(analysis, policy, period, facility, dataThrough, cancellationToken: cancellationToken)).RunId;
        }

        return await LoadAsync(runId.Value, cancellationToken);
    }

    /// <summary>A stored run by id, figures read back from the database.</summary>
    public async Task<StoredRun> LoadAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select run_id as RunId, period_label as Label, period_start as Start, period_end as End, facility_filter as Facility,
                   data_through as DataThrough, early_dropout_days as EarlyDropoutDays, definitions_version as DefinitionsVersion,
                   software_version as SoftwareVersion
            from analysis_run where run_id = @RunId
            """;
        RunRow row;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(sql, new { RunId = runId }, cancellationToken: cancellationToken))
                ?? throw new InvalidOperationException($"There is no analysis run {runId}.");
        }

        var figures = await AnalysisRunStore.LoadFiguresAsync(dataSource, runId, cancellationToken);
        var run = new AnalysisRun(row.RunId, new ReportingPeriod(row.Label, row.Start, row.End), row.Facility, row.DataThrough,
            row.EarlyDropoutDays, row.DefinitionsVersion, figures);
        return new StoredRun(run, row.SoftwareVersion);
    }

    private sealed record RunRow(
        Guid RunId, string Label, DateOnly Start, DateOnly End, string? Facility, DateOnly DataThrough, int EarlyDropoutDays,
        string DefinitionsVersion, string SoftwareVersion);
}
