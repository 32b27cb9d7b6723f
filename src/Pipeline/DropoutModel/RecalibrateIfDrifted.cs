using Npgsql;
using Outcomes.Analytics.DropoutRisk.Registry;

namespace Outcomes.Pipeline.DropoutModel;

/// <summary>
/// Recalibrate → promote: the model's calibration on admissions since its training is checked; when it has drifted,
/// the same model with a refitted logistic recalibration is stored as a candidate and, when asked, promoted only if at
/// least as good. <c>outcomes model recalibrate</c> and the monthly model-check job.
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

        var candidate = await new ModelRegistry(analyst).SaveRecalibratedAsync(modelId, fitted, cancellationToken);
        var promotion = promoteIfBetter ? await new ModelPromotion(analyst).PromoteAsync(candidate, force: false, cancellationToken) : null;
        return new RecalibrationOutcome(check, candidate, promotion);
    }
}
