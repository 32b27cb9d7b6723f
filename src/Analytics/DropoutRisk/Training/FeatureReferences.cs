using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// The distribution of every model feature in a model's training rows, overall and by landmark day, with the drift its
/// own training months show (the reference noise, <see cref="DriftMeasure"/>).
/// </summary>
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
        var byDay = references.Select(r =>
        {
            var bin = Binner(r);
            return r with
            {
                CountsByDay = rows.Zip(inputs).GroupBy(x => x.First.DaysSinceAdmission).OrderBy(g => g.Key).ToDictionary(
                    g => g.Key,
                    g =>
                    {
                        var counts = new double[r.Shares.Length];
                        foreach (var (_, input) in g)
                        {
                            counts[bin(input)]++;
                        }

                        return counts;
                    }),
            };
        }).ToList();
        return DriftMeasure.WithNoise(byDay, rows);
    }

    /// <summary>The bin of <paramref name="reference"/>'s feature that a snapshot's value falls in.</summary>
    public static Func<ModelInput, int> Binner(FeatureReference reference)
    {
        if (reference.Edges is { } edges)
        {
            var index = Array.IndexOf(ModelInput.NumericNames, reference.Feature);
            if (index < 0)
            {
                throw new ArgumentException($"'{reference.Feature}' is not a numeric model feature.", nameof(reference));
            }

            return x => PopulationStability.Bin(edges, x.Numeric[index]);
        }

        var categories = reference.Categories ?? throw new ArgumentException($"'{reference.Feature}' has neither edges nor categories.", nameof(reference));
        return reference.Feature switch
        {
            "facility" => x => PopulationStability.Bin(categories, x.Facility),
            "referral source" => x => PopulationStability.Bin(categories, x.Referral),
            _ => throw new ArgumentException($"'{reference.Feature}' is not a categorical model feature.", nameof(reference)),
        };
    }
}
