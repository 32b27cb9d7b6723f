namespace Outcomes.Analytics.TimeSeries;

/// <summary>One coefficient of a regression: estimate, standard error, interval and two-sided p (t on the residual df).</summary>
public sealed record RegressionCoefficient(double Estimate, double StandardError, Interval Interval, double PValue);
