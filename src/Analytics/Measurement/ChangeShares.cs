using Outcomes.Analytics.Proportions;

namespace Outcomes.Analytics.Measurement;

/// <summary>
/// The shares of patients recovered, improved, unchanged and deteriorated among those with an intake and a later score,
/// each a <see cref="Proportion"/> with its Wilson interval; <see cref="ReliablyImproved"/> is recovered and improved
/// together (the "improved" of a three-way improved / unchanged / worse table).
/// </summary>
public sealed record ChangeShares(Proportion Recovered, Proportion Improved, Proportion Unchanged, Proportion Deteriorated)
{
    public long Patients => Recovered.Denominator;

    public Proportion ReliablyImproved => new(Recovered.Numerator + Improved.Numerator, Patients);

    public static ChangeShares Of(IEnumerable<ChangeCategory> categories)
    {
        long recovered = 0, improved = 0, unchanged = 0, deteriorated = 0;
        foreach (var category in categories)
        {
            switch (category)
            {
                case ChangeCategory.Recovered: recovered++; break;
                case ChangeCategory.Improved: improved++; break;
                case ChangeCategory.Unchanged: unchanged++; break;
                case ChangeCategory.Deteriorated: deteriorated++; break;
                default: throw new ArgumentOutOfRangeException(nameof(categories), category, "not a change category");
            }
        }

        var n = recovered + improved + unchanged + deteriorated;
        return new ChangeShares(new Proportion(recovered, n), new Proportion(improved, n), new Proportion(unchanged, n), new Proportion(deteriorated, n));
    }
}
