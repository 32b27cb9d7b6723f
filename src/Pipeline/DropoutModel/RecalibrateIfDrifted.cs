using Npgsql;
using Outcomes.Analytics.DropoutRisk.Registry;

namespace Outcomes.Pipeline.DropoutModel;

/// <summary>
/// Recalibrate → promote: the model's calibration on admissions since its training is checked; when it has drifted,
/// the same model with a refitted logistic recalibration is stored as a candidate (once for the same fit on the same
/// data) and, when asked, promoted only if at least as good on the promotion slice, which the fit never saw.
/// <c>outcomes model recalibrate</c> and the monthly model-check job.
/// </summary>
public sealed class RecalibrateIfDrifted(NpgsqlDataSource analyst)
{
    public async Task<RecalibrationOutcome> RunAsync(long modelId, DateOnly dataThrough, bool promoteIfBetter, CancellationToken cancellationToken = default)
    {
        var check = await new Recalibrator(analyst).CheckAsync(modelId, dataThrough, cancellationToken);
        if (check.TooFew || check.Fitted is not { } fitted)
        {
            return new RecalibrationOutcome(check, null, null);
        }

        // Judged on the promotion slice, a recalibration fitted on another slice may not be better and stay a candidate;
        // the same check on the same data then finds the same one rather than storing it again.
        var registry = new ModelRegistry(analyst);
        var candidate = await registry.RecalibratedCandidateAsync(fitted, cancellationToken)
            ?? await registry.SaveRecalibratedAsync(modelId, fitted, cancellationToken);
        var promotion = promoteIfBetter ? await new ModelPromotion(analyst).PromoteAsync(candidate, force: false, cancellationToken) : null;
        return new RecalibrationOutcome(check, candidate, promotion);
    }
}
