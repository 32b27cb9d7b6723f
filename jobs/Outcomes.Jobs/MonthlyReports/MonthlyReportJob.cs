using Dapper;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Database.Access;
using Outcomes.Database.Embedded;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Runs;
using Outcomes.Pipeline.Reports;
using Outcomes.Reports.Output;
using Outcomes.Database.Connection;

namespace Outcomes.Jobs.MonthlyReports;

/// <summary>
/// Monthly (the 2nd, by default): the previous month's workbook for each facility and for all facilities together,
/// by <see cref="WriteMonthlyReports"/> (the month's runs stored first as the analyst, then read as the reporter; each
/// facility's workbook from the facility's own runs, which a login limited to it finds on the web dashboard),
/// written to <see cref="JobsOptions.ReportsFolder"/>/SCOPE (the scope's name made a safe name by
/// <see cref="SafeFileName"/>). Each workbook and chart folder is written under a temporary name and renamed into
/// place when complete (<see cref="OutputFolder"/>), so a reader never opens half a file; running it again replaces it.
/// </summary>
public sealed class MonthlyReportJob(RoleDataSources sources, JobExecution execution, IOptions<JobsOptions> options, TimeProvider time)
{
    // The least role the job needs (docs/security.md).
    private readonly NpgsqlDataSource _dataSource = sources.For(DatabaseRole.Reporter);
    private readonly NpgsqlDataSource _analysis = sources.For(DatabaseRole.Analyst);

    public const string Name = "monthly-report";

    public string ReportsFolder => FolderOf(options.Value);

    /// <summary>Where the workbooks are written: <see cref="JobsOptions.ReportsFolder"/>, by default <c>reports</c> in the data folder.</summary>
    public static string FolderOf(JobsOptions options) => options.ReportsFolder ?? Path.Combine(EmbeddedCluster.LocateHome(), "reports");

    [JobDisplayName("Write last month's workbooks")]
    public async Task RunAsync(PerformContext? context, CancellationToken cancellationToken)
    {
        var today = options.Value.Today(time);
        var month = ReportingPeriod.MonthOf(today.AddMonths(-1));
        await RunForMonthAsync(month, context, cancellationToken);
    }

    /// <summary>One workbook per facility and one for all; a facility whose workbook fails does not stop the others.</summary>
    public async Task RunForMonthAsync(ReportingPeriod month, PerformContext? context, CancellationToken cancellationToken)
    {
        List<string> facilities;
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        {
            facilities = [.. await connection.QueryAsync<string>(new CommandDefinition(
                "select facility_id from facility order by facility_id", cancellationToken: cancellationToken))];
        }

        var failures = new List<Exception>();
        foreach (var scope in facilities.Select(FacilityScope.Of).Prepend(FacilityScope.All))
        {
            try
            {
                await execution.RunAsync(Name, scope.Name, context, ct => WriteAsync(month, scope, ct), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add(ex);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException($"{failures.Count} of {facilities.Count + 1} workbooks for {month.Label} failed; the job retries them", failures);
        }
    }

    private async Task<string> WriteAsync(ReportingPeriod month, FacilityScope scope, CancellationToken cancellationToken)
    {
        if (await DataThrough.LatestAsync(_dataSource, cancellationToken) is not { } through)
        {
            return "no episodes are loaded yet";
        }

        if (through < month.End)
        {
            return $"the data run only through {through:yyyy-MM-dd}, before the end of {month.Label}: no workbook yet";
        }

        // A facility id is data: it names a folder only through SafeFileName, and the folder must lie inside ReportsFolder.
        var folder = OutputFolder.Inside(ReportsFolder, SafeFileName.From(scope.Name));
        var written = await new WriteMonthlyReports(_dataSource, _analysis, new SmallCellPolicy()).RunAsync(
            new ReportRequest { Month = month, Population = scope, Folder = folder, DataThrough = through, FacilityOwnRuns = true }, cancellationToken);
        return $"{Path.GetFileName(written.Workbook!.WorkbookPath)} with {written.Workbook.ChartCount} charts, data through {through:yyyy-MM-dd}";
    }
}
