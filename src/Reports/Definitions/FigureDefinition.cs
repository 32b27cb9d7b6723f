namespace Outcomes.Reports.Definitions;

/// <summary>One figure as the Definitions sheet states it: what is counted over what, and where it comes from.</summary>
internal sealed record FigureDefinition(string Metric, string Name, string Numerator, string Denominator, string Source);
