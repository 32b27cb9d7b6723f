using System.Globalization;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Runs;
using Outcomes.Reports.Monthly;
using Outcomes.Database.Connection;

namespace Outcomes.Jobs.Nightly;

/// <summary>
/// Nightly: store the analysis runs of the current month (with the twelve months its workbook trends over, and the
/// trailing twelve months) at the latest data-through date, so reports read stored runs; then score every patient in
/// care with the promoted model and raise the week's flags. Runs already stored for that date are reused.
/// </summary>
public sealed class NightlyJob(RoleDataSources sources, JobExecution execution, IOptions<JobsOptions> options)
{
    // The least role the job needs (docs/security.md).
    private readonly NpgsqlDataSource _dataSource = sources.For(DatabaseRole.Analyst);

    public const string Name = "nightly";

    [JobDisplayName("Refresh the analysis and score patients in care")]
    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        execution.RunAsync(Name, "all", context, RefreshAsync, cancellationToken);

    private async Task<string> RefreshAsync(CancellationToken cancellationToken)
    {
        if (await DataThrough.LatestAsync(_dataSource, cancellationToken) is not { } through)
        {
            return "no episodes are loaded yet";
        }

        var policy = new SmallCellPolicy();
        var month = ReportingPeriod.Parse(through.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        await new ReportDataLoader(_dataSource, policy).LoadAsync(month, null, through, cancellationToken);
        await new ReportDataLoader(_dataSource, policy).LoadAsync(ReportingPeriod.Parse($"12m:{through:yyyy-MM}"), null, through, cancellationToken);
        var analysed = $"analysis of {month.Label} and the trailing 12 months stored for data through {through:yyyy-MM-dd}";

        if (await new ModelRegistry(_dataSource).LoadPromotedAsync(cancellationToken) is null)
        {
            return analysed + "; no model is promoted yet, so nobody was scored";
        }

        var scoring = await new RiskScorer(_dataSource).ScoreAsync(through, options.Value.ScoreCapacity, cancellationToken);
        return analysed + $"; model {scoring.ModelId} scored {scoring.Scored:N0} patients in care, {scoring.Raised} new flags";
    }
}
