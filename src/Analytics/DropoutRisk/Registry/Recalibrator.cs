using Npgsql;
using Outcomes.Analytics.Adjustment;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// Checks a model's calibration on its recalibration slice — the snapshots, labelled under the
/// <see cref="CensoringRule"/>, of the patients first admitted on or after its training cut-off whom
/// <see cref="EvaluationSlices"/> sets aside for recalibration, never rows it was fitted on, tested on or compared on
/// for promotion — and when it has drifted — calibration intercept beyond ±<see cref="InterceptTolerance"/>
/// or slope outside <see cref="SlopeLow"/>–<see cref="SlopeHigh"/> — fits a logistic recalibration on those
/// snapshots only (Steyerberg, Clinical Prediction Models, 2019, ch. 20) for a recalibrated candidate, which
/// <see cref="PromotionCheck"/> then judges on the promotion slice.
/// </summary>
public sealed class Recalibrator(NpgsqlDataSource dataSource)
{
    public const double InterceptTolerance = 0.1;
    public const double SlopeLow = 0.85;
    public const double SlopeHigh = 1.15;

    /// <summary>Fewer snapshots, or fewer than a tenth of this with either outcome, are too few to judge or to refit.</summary>
    public const int MinimumRows = 200;

    public sealed record Check(long ModelId, int Rows, int Events, double? Slope, double? Intercept, bool TooFew, bool Drifted, Recalibration? Fitted);

    public async Task<Check> CheckAsync(long modelId, DateOnly dataThrough, CancellationToken cancellationToken = default)
    {
        var (cutoff, horizon, bytes, current) = await new ModelRegistry(dataSource).LoadForScoringAsync(modelId, cancellationToken)
            ?? throw new InvalidOperationException($"model: {modelId} does not exist (see 'outcomes model list').");
        var days = await new ModelRegistry(dataSource).LandmarkDaysAsync(modelId, cancellationToken) ?? LandmarkSet.FirstMonth.Days;
        var landmarks = await SnapshotQuery.LandmarksAsync(dataSource, dataThrough, days, cancellationToken);
        var sources = await new ModelRegistry(dataSource).SourcesAsync(modelId, cancellationToken);
        var rows = Rows(await SnapshotQuery.LoadAsync(dataSource, landmarks, dataThrough, horizon, sources, cancellationToken), cutoff);
        var outcomes = rows.Select(r => r.DroppedOutWithinHorizon!.Value).ToArray();
        var events = outcomes.Count(o => o);
        if (rows.Count < MinimumRows || Math.Min(events, rows.Count - events) < MinimumRows / 10)
        {
            return new Check(modelId, rows.Count, events, null, null, TooFew: true, Drifted: false, null);
        }

        var risks = new ScoringModel(bytes, current).Predict(rows);
        var (slope, intercept) = Calibration.SlopeAndIntercept(risks, outcomes);
        var drifted = Math.Abs(intercept) > InterceptTolerance || slope < SlopeLow || slope > SlopeHigh;
        return new Check(modelId, rows.Count, events, slope, intercept, TooFew: false, drifted,
            drifted ? Fit(risks, outcomes, current, modelId, cutoff, dataThrough) : null);
    }

    /// <summary>
    /// The rows a model trained on admissions before <paramref name="cutoff"/> is checked and recalibrated on: the usable
    /// snapshots (<see cref="DropoutModelTrainer.Usable"/>) of its recalibration slice.
    /// </summary>
    public static IReadOnlyList<SnapshotFeatures> Rows(IEnumerable<SnapshotFeatures> snapshots, DateOnly cutoff) =>
        [.. snapshots.Where(r => DropoutModelTrainer.Usable(r) && EvaluationSlices.Of(r, cutoff) == EvaluationSlice.Recalibration)];

    /// <summary>
    /// The logistic recalibration of <paramref name="risks"/> (already mapped by <paramref name="current"/>, if any),
    /// composed with <paramref name="current"/> so that it applies to the trained model's own risks.
    /// </summary>
    public static Recalibration Fit(IReadOnlyList<double> risks, IReadOnlyList<bool> outcomes, Recalibration? current, long modelId, DateOnly admittedFrom, DateOnly dataThrough)
    {
        var fit = LogisticRegression.Fit([.. risks.Select(p => new[] { Logit(p) })], outcomes);
        var (a, b) = (fit.Coefficients[0], fit.Coefficients[1]);
        var (a0, b0) = current is null ? (0.0, 1.0) : (current.Intercept, current.Slope);
        return new Recalibration(a + b * a0, b * b0, risks.Count, admittedFrom, dataThrough, current?.FromModel ?? modelId);
    }

    private static double Logit(double p)
    {
        var q = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(q / (1 - q));
    }
}
