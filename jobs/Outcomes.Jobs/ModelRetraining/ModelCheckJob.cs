using System.Globalization;
using Dapper;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.Runs;
using Outcomes.Jobs.Runs;
using Outcomes.Database.Connection;

namespace Outcomes.Jobs.ModelRetraining;

/// <summary>
/// Monthly: the promoted model's feature drift (PSI per month of admissions since its training, a marked shift logged
/// as a warning) and its calibration on admissions since; when calibration has drifted, a recalibrated candidate of the
/// same model is stored and promoted only when at least as good. The same code as <c>outcomes model drift</c> and
/// <c>outcomes model recalibrate --promote-if-better</c>.
/// </summary>
public sealed class ModelCheckJob(RoleDataSources sources, JobExecution execution, ILogger<ModelCheckJob> logger)
{
    // The least role the job needs (docs/security.md).
    private readonly NpgsqlDataSource _dataSource = sources.For(DatabaseRole.Analyst);

    public const string Name = "model-check";

    [JobDisplayName("Check the dropout model for drift and calibration")]
    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        execution.RunAsync(Name, "all", context, CheckAsync, cancellationToken);

    private async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        long? modelId;
        DateOnly? through;
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        {
            modelId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select model_id from dropout_model where status = 'promoted'", cancellationToken: cancellationToken));
            through = await DataThrough.LatestAsync(connection, cancellationToken);
        }

        if (modelId is not { } id || through is not { } day)
        {
            return "no promoted model yet";
        }

        var months = await new DriftCheck(_dataSource).CheckAsync(id, day, cancellationToken);
        var marked = months.Where(m => !m.TooFew && m.Largest > PopulationStability.Marked).ToList();
        foreach (var month in marked)
        {
            var (feature, psi) = month.Features.MaxBy(f => f.Psi);
            logger.LogWarning("Model {Model}: admissions of {Month:yyyy-MM} differ markedly from its training rows ({Feature}, PSI {Psi:F2})", id, month.Month, feature, psi);
        }

        var drift = marked.Count == 0 ? "no marked feature drift" : $"marked feature drift in {marked.Count} month(s)";
        var check = await new Recalibrator(_dataSource).CheckAsync(id, day, cancellationToken);
        if (check.TooFew)
        {
            return $"model {id}: {drift}; too few outcomes since training to judge calibration";
        }

        if (check.Fitted is not { } fitted)
        {
            return string.Create(CultureInfo.InvariantCulture, $"model {id}: {drift}; calibration holds (slope {check.Slope:F2}, intercept {check.Intercept:F2})");
        }

        var registry = new ModelRegistry(_dataSource);
        var candidate = await registry.SaveRecalibratedAsync(id, fitted, cancellationToken);
        var verdict = await new PromotionCheck(_dataSource).CheckAsync(candidate, cancellationToken);
        var promoted = verdict.AtLeastAsGood && await registry.PromoteAsync(candidate, cancellationToken);
        return string.Create(CultureInfo.InvariantCulture,
            $"model {id}: {drift}; calibration drifted (slope {check.Slope:F2}, intercept {check.Intercept:F2}): recalibrated candidate {candidate} {(promoted ? "promoted" : "kept as a candidate: " + verdict.Reason)}");
    }
}
