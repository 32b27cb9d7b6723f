using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Runs;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.DropoutModel;

namespace Outcomes.Jobs.ModelRetraining;

/// <summary>
/// Weekly: <see cref="TrainAndPromote"/> once enough outcomes have matured since the promoted model's data, never twice
/// on the same data, promoting only a model at least as good.
/// </summary>
public sealed class RetrainJob(RoleDataSources sources, JobExecution execution, IOptions<JobsOptions> options)
{
    // The least role the job needs (docs/security.md).
    private readonly NpgsqlDataSource _dataSource = sources.For(DatabaseRole.Analyst);

    public const string Name = "retrain";

    [JobDisplayName("Retrain the early-dropout model")]
    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        execution.RunAsync(Name, "all", context, async ct =>
            (await new TrainAndPromote(_dataSource).RunAsync(new TrainingRequest
            {
                OncePerDataThrough = true,
                MinimumNewDischarges = options.Value.RetrainAfterNewDischarges,
                Promotion = PromotionRule.IfAtLeastAsGood,
                // Judged at the flag rule the nightly scoring uses.
                OperatingPoint = new(options.Value.ScoreRiskFloor, options.Value.ScoreCapacity),
            }, cancellationToken: ct)).Summary, cancellationToken);
}
