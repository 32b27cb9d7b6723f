using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;
using Npgsql;

namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// Feature drift of a model: for each calendar month, the population stability index of every feature in that month's
/// patients against the training rows (<see cref="DriftMeasure"/>: one snapshot a patient, compared day by day at the month's mix of
/// landmark days). The model's own training months (admissions before its cut-off, snapshots up to its data-through
/// date) are measured again the same way and shown as the reference noise; the months of later admissions alarm when a
/// feature's PSI exceeds what the training months showed (at least 0.1). An alarm means the model now scores patients
/// unlike those it learnt from: check its calibration on them and retrain.
/// </summary>
public sealed class DriftCheck(NpgsqlDataSource dataSource)
{
    /// <summary>Training months first, then the months after, each in calendar order.</summary>
    public async Task<IReadOnlyList<MonthDrift>> CheckAsync(long modelId, DateOnly dataThrough, CancellationToken cancellationToken = default)
    {
        var registry = new ModelRegistry(dataSource);
        var stored = await registry.LoadReferenceAsync(modelId, cancellationToken)
            ?? throw new InvalidOperationException($"model: {modelId} does not exist or was stored without its training distribution (see 'outcomes model list').");
        // The model's own landmark days: a mix of days it never saw would read as drift.
        var days = await registry.LandmarkDaysAsync(modelId, cancellationToken) ?? LandmarkSet.FirstMonth.Days;
        var landmarks = await SnapshotQuery.LandmarksAsync(dataSource, dataThrough, days, cancellationToken);
        // The model's own sources: a source it never learnt from, begun late by a facility, leaves nobody out.
        var sources = await registry.SourcesAsync(modelId, cancellationToken);
        var rows = await SnapshotQuery.LoadAsync(dataSource, landmarks, dataThrough, stored.HorizonDays, sources, cancellationToken);
        var usable = rows.Where(r => r.MissingSource is null).ToList();
        var reference = stored.Reference.Select(r => r.Rows > 0 ? r : r with { Rows = stored.TrainingRows }).ToList();
        return
        [
            .. DriftMeasure.Months(reference, usable.Where(r => r.AdmittedOn < stored.Cutoff && r.SnapshotDate <= stored.DataThrough), training: true),
            .. DriftMeasure.Months(reference, usable.Where(r => r.AdmittedOn >= stored.Cutoff), training: false),
        ];
    }
}
