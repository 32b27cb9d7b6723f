using MathNet.Numerics.Distributions;

namespace Outcomes.Analytics;

/// <summary>The confidence level of every interval Outcomes reports, and its normal quantile.</summary>
public static class ConfidenceLevel
{
    /// <summary>95%, the convention of CARF and Joint Commission outcome reporting and of the literature.</summary>
    public const double Default = 0.95;

    /// <summary>z such that P(-z &lt; Z &lt; z) = level for a standard normal Z (1.959964 for 95%).</summary>
    public static double Z(double level = Default) => Normal.InvCDF(0, 1, 1 - ((1 - level) / 2));
}
