using System.Globalization;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Jobs.Runs;
using Outcomes.Database.Connection;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Pipeline.Alerts;
using Outcomes.Pipeline.DropoutModel;
using Outcomes.Pipeline.Telemetry;

namespace Outcomes.Jobs.ModelRetraining;

/// <summary>
/// Monthly: the promoted model's feature drift (PSI per month since its training; a month beyond its training months'
/// own drift logged as a warning) and <see cref="RecalibrateIfDrifted"/> with promotion when at least as good, as
/// <c>outcomes model drift</c> and <c>outcomes model recalibrate --promote-if-better</c> do.
/// </summary>
/// <remarks>The latest month's drift is measured (<see cref="OutcomesMetrics.RecordDrift"/>); an alarm raises an alert, a check without one clears it.</remarks>
public sealed class ModelCheckJob(RoleDataSources sources, JobExecution execution, ILogger<ModelCheckJob> logger, AlertNotifier? alerts = null)
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

        await MeasureAsync(id, months, alarmed, cancellationToken);
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

    /// <summary>The latest judged month after training as metrics; an alarm in any month as an alert on "the promoted model".</summary>
    private async Task MeasureAsync(long id, IReadOnlyList<MonthDrift> months, IReadOnlyList<MonthDrift> alarmed, CancellationToken cancellationToken)
    {
        if (months.Where(m => !m.Training && !m.TooFew).MaxBy(m => m.Month) is { } latest)
        {
            OutcomesMetrics.RecordDrift(latest.Features.Select(f => (f.Feature, f.Psi)), latest.Alarm);
        }

        if (alerts is null)
        {
            return;
        }

        if (alarmed.Count == 0)
        {
            await alerts.ClearAsync(AlertConditions.ModelDrift, PromotedModel, cancellationToken);
            return;
        }

        var worst = alarmed.SelectMany(m => m.Features.Where(f => f.Drifted).Select(f => (m.Month, f))).MaxBy(x => x.f.Psi);
        await alerts.RaiseAsync(new Alert(AlertConditions.ModelDrift, PromotedModel, string.Create(CultureInfo.InvariantCulture,
            $"Patients of {alarmed.Count} month(s) since model {id}'s training differ from its training rows beyond its training months' own drift; the largest: {worst.f.Feature} in {worst.Month:yyyy-MM} (PSI {worst.f.Psi:F2}, threshold {worst.f.Threshold:F2}). See outcomes model drift; retraining may be due.")),
            cancellationToken);
    }

    /// <summary>The drift alert's subject: whichever model is promoted (a newly promoted model does not start a second alert).</summary>
    private const string PromotedModel = "promoted model";
}
