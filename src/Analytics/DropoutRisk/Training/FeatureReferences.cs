using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>The distribution of every model feature in a set of snapshots, and its drift in another set.</summary>
public static class FeatureReferences
{
    public static IReadOnlyList<FeatureReference> Build(IReadOnlyList<SnapshotFeatures> rows)
    {
        var inputs = rows.Select(ModelInput.From).ToList();
        var references = ModelInput.NumericNames
            .Select((name, i) => PopulationStability.Numeric(name, [.. inputs.Select(x => (double)x.Numeric[i])]))
            .ToList();
        references.Add(PopulationStability.Categorical("facility", [.. inputs.Select(x => x.Facility)]));
        references.Add(PopulationStability.Categorical("referral source", [.. inputs.Select(x => x.Referral)]));
        return references;
    }

    /// <summary>The population stability index of each referenced feature in <paramref name="rows"/>.</summary>
    public static IReadOnlyList<(string Feature, double Psi)> Drift(IReadOnlyList<FeatureReference> references, IReadOnlyList<SnapshotFeatures> rows)
    {
        var inputs = rows.Select(ModelInput.From).ToList();
        return [.. references.Select(r =>
        {
            var index = Array.IndexOf(ModelInput.NumericNames, r.Feature);
            var psi = index >= 0
                ? PopulationStability.Against(r, [.. inputs.Select(x => (double)x.Numeric[index])], null)
                : PopulationStability.Against(r, null, [.. inputs.Select(x => r.Feature == "facility" ? x.Facility : x.Referral)]);
            return (r.Feature, psi);
        })];
    }
}
