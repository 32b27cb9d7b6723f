using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.Suppression;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Runs;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.Analyses;

namespace Outcomes.Jobs.Nightly;

/// <summary>
/// Nightly: <see cref="RefreshAnalyses"/> (the runs of the current month, the months its workbook trends over and the
/// trailing twelve months, at the latest data-through date, so reports read stored runs); then score every patient in
/// care with the promoted model and raise the week's flags.
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
        if (await new RefreshAnalyses(_dataSource, new SmallCellPolicy()).RunAsync(cancellationToken) is not { } refreshed)
        {
            return "no episodes are loaded yet";
        }

        var through = refreshed.DataThrough;
        var analysed = $"analysis of {refreshed.Month.Label} and the trailing 12 months stored for data through {through:yyyy-MM-dd}";
        if (await new ModelRegistry(_dataSource).PromotedIdAsync(cancellationToken) is null)
        {
            return analysed + "; no model is promoted yet, so nobody was scored";
        }

        var scoring = await new RiskScorer(_dataSource).ScoreAsync(
            through, new FlagCapacity(options.Value.ScoreCapacity, options.Value.ScoreCapacityPerPatientsInCare), options.Value.ScoreRiskFloor, cancellationToken);
        var notScored = string.Concat(scoring.NotScored.Select(n => $"; {n.Patients:N0} not scored: {n.Reason}"));
        return analysed + $"; model {scoring.ModelId} scored {scoring.Scored:N0} patients in care, {scoring.Raised} new flags{notScored}";
    }
}
