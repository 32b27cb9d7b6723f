namespace Outcomes.Analytics;

/// <summary>A two-sided confidence interval.</summary>
public readonly record struct Interval(double Lower, double Upper)
{
    public bool Contains(double value) => value >= Lower && value <= Upper;

    public double Width => Upper - Lower;
}
