using System.Globalization;
using Outcomes.Synthetic.Randomness;

namespace Outcomes.Synthetic.Cohort;

/// <summary>
/// The generated facilities: ids FAC01, FAC02, ... and their share of admissions. Facilities differ in size
/// (each has 80% of the admissions of the one before), as real centers do.
/// </summary>
internal sealed class FacilityRoster
{
    private const double SizeRatio = 0.8;
    private readonly WeightedChoice<int> _choice;

    public FacilityRoster(int count)
    {
        Ids = [.. Enumerable.Range(1, count).Select(i => "FAC" + i.ToString("D2", CultureInfo.InvariantCulture))];
        Weights = [.. Enumerable.Range(0, count).Select(i => Math.Pow(SizeRatio, i))];
        _choice = new WeightedChoice<int>([.. Enumerable.Range(0, count).Select(i => (i, Weights[i]))]);
    }

    public IReadOnlyList<string> Ids { get; }

    public IReadOnlyList<double> Weights { get; }

    public int Count => Ids.Count;

    public int Sample(SeededRandom random) => _choice.Sample(random);
}
