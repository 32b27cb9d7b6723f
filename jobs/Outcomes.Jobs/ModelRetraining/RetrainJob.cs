using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Runs;
using Outcomes.Database.Connection;

namespace Outcomes.Jobs.ModelRetraining;

/// <summary>Weekly: retrain the dropout model when enough outcomes have matured, promoting only a better one.</summary>
public sealed class RetrainJob(RoleDataSources sources, JobExecution execution, IOptions<JobsOptions> options)
{
    // The least role the job needs (docs/security.md).
    private readonly NpgsqlDataSource _dataSource = sources.For(DatabaseRole.Analyst);

    public const string Name = "retrain";

    [JobDisplayName("Retrain the early-dropout model")]
    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        execution.RunAsync(Name, "all", context, async ct =>
            (await new Retraining(_dataSource).RunAsync(options.Value.RetrainAfterNewDischarges, cancellationToken: ct)).Summary, cancellationToken);
}
