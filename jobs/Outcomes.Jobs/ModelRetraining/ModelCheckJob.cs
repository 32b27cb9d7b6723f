using System.Globalization;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Jobs.Runs;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.DropoutModel;

namespace Outcomes.Jobs.ModelRetraining;

/// <summary>
/// Monthly: the promoted model's feature drift (PSI per month since its training; a month beyond its training months'
/// own drift logged as a warning) and <see cref="RecalibrateIfDrifted"/> with promotion when at least as good, as
/// <c>outcomes model drift</c> and <c>outcomes model recalibrate --promote-if-better</c> do.
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
        if (await ModelUnderReview.FindAsync(_dataSource, null, cancellationToken) is not { ModelId: { } id, DataThrough: { } day })
        {
            return "no promoted model yet";
        }

        var months = await new DriftCheck(_dataSource).CheckAsync(id, day, cancellationToken);
        var alarmed = months.Where(m => !m.Training && m.Alarm).ToList();
        foreach (var month in alarmed)
        {
            var largest = month.Features.Where(f => f.Drifted).MaxBy(f => f.Psi)!;
            logger.LogWarning("Model {Model}: patients of {Month:yyyy-MM} differ from its training rows beyond its training months' own drift ({Feature}, PSI {Psi:F2}, threshold {Threshold:F2})",
                id, month.Month, largest.Feature, largest.Psi, largest.Threshold);
        }

        var drift = alarmed.Count == 0 ? "no feature drift beyond the training months'" : $"feature drift beyond the training months' in {alarmed.Count} month(s)";
        var outcome = await new RecalibrateIfDrifted(_dataSource).RunAsync(id, day, promoteIfBetter: true, cancellationToken);
        var check = outcome.Check;
        if (check.TooFew)
        {
            return $"model {id}: {drift}; too few outcomes since training to judge calibration";
        }

        if (outcome.Promotion is not { } promotion)
        {
            return string.Create(CultureInfo.InvariantCulture, $"model {id}: {drift}; calibration holds (slope {check.Slope:F2}, intercept {check.Intercept:F2})");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"model {id}: {drift}; calibration drifted (slope {check.Slope:F2}, intercept {check.Intercept:F2}): recalibrated candidate {promotion.CandidateId} {(promotion.Promoted ? "promoted" : "kept as a candidate: " + promotion.Verdict!.Reason)}");
    }
}
