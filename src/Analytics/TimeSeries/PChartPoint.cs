namespace Outcomes.Analytics.TimeSeries;

/// <summary>One month of a p-chart: its proportion, its own limits (from its own n) and the rules it signals.</summary>
public sealed record PChartPoint(long Events, long Cases, double Proportion, double LowerLimit, double UpperLimit, SpcSignal Signals);
