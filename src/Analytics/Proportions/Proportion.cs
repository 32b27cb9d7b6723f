namespace Outcomes.Analytics.Proportions;

/// <summary>A count of events among a number of cases, e.g. completions among discharges.</summary>
public readonly record struct Proportion(long Numerator, long Denominator)
{
    public double Estimate => Denominator == 0 ? double.NaN : (double)Numerator / Denominator;

    public Interval Wilson(double level = ConfidenceLevel.Default) => WilsonInterval.For(Numerator, Denominator, level);
}
