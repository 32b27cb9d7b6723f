using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;
using Npgsql;

namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// Feature drift of a model: for each month of admissions after its training cut-off, the population stability
/// index of every feature in that month's landmark snapshots against the training rows. A marked shift means the
/// model now scores patients unlike those it learnt from: check its calibration on them and retrain.
/// </summary>
public sealed class DriftCheck(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Months with fewer snapshots are shown but not judged: with ten bins a feature, a few dozen rows leave most bins
    /// nearly empty and the index large by chance alone.
    /// </summary>
    public const int MinimumSnapshots = 100;

    public sealed record MonthDrift(DateOnly Month, int Snapshots, IReadOnlyList<(string Feature, double Psi)> Features)
    {
        public double Largest => Features.Count == 0 ? 0 : Features.Max(f => f.Psi);

        public bool TooFew => Snapshots < MinimumSnapshots;
    }

    public async Task<IReadOnlyList<MonthDrift>> CheckAsync(long modelId, DateOnly dataThrough, CancellationToken cancellationToken = default)
    {
        var (cutoff, horizon, reference) = await new ModelRegistry(dataSource).LoadReferenceAsync(modelId, cancellationToken)
            ?? throw new InvalidOperationException($"model: {modelId} does not exist or was stored without its training distribution (see 'outcomes model list').");
        // The model's own landmark days: a mix of days it never saw would read as drift.
        var days = await new ModelRegistry(dataSource).LandmarkDaysAsync(modelId, cancellationToken) ?? LandmarkSet.FirstMonth.Days;
        var landmarks = await SnapshotQuery.LandmarksAsync(dataSource, dataThrough, days, cancellationToken);
        var rows = await SnapshotQuery.LoadAsync(dataSource, landmarks, dataThrough, horizon, cancellationToken);
        var months = new List<MonthDrift>();
        foreach (var month in rows.Where(r => r.AdmittedOn >= cutoff && r.MissingSource is null)
                     .GroupBy(r => new DateOnly(r.AdmittedOn.Year, r.AdmittedOn.Month, 1)).OrderBy(g => g.Key))
        {
            var inMonth = month.ToList();
            months.Add(new MonthDrift(month.Key, inMonth.Count, FeatureReferences.Drift(reference, inMonth)));
        }

        return months;
    }
}
