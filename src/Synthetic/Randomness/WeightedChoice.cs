namespace Outcomes.Synthetic.Randomness;

/// <summary>A fixed set of values with weights (shares, need not sum to 1), sampled by one uniform draw.</summary>
internal sealed class WeightedChoice<T>
{
    private readonly T[] _values;
    private readonly double[] _cumulative;

    public WeightedChoice(IReadOnlyList<(T Value, double Weight)> choices)
    {
        if (choices.Count == 0 || choices.Any(c => c.Weight < 0))
        {
            throw new ArgumentException("Expected at least one choice and no negative weight.", nameof(choices));
        }

        _values = [.. choices.Select(c => c.Value)];
        _cumulative = new double[choices.Count];
        var total = choices.Sum(c => c.Weight);
        var running = 0.0;
        for (var i = 0; i < choices.Count; i++)
        {
            running += choices[i].Weight / total;
            _cumulative[i] = running;
        }

        _cumulative[^1] = 1.0;
    }

    public IReadOnlyList<T> Values => _values;

    /// <summary>The share of one value (its weight over the total).</summary>
    public double ShareOf(T value)
    {
        var i = Array.IndexOf(_values, value);
        return i < 0 ? 0 : _cumulative[i] - (i == 0 ? 0 : _cumulative[i - 1]);
    }

    public T Sample(SeededRandom random)
    {
        var u = random.NextDouble();
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (u < _cumulative[i])
            {
                return _values[i];
            }
        }

        return _values[^1];
    }
}
