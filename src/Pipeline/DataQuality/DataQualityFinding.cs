namespace Outcomes.Pipeline.DataQuality;

/// <summary>One problem the daily check found: what kind, about which source or facility, measured against what.</summary>
public sealed record DataQualityFinding(string Kind, string Subject, double? Measured, double Threshold, string Detail);
