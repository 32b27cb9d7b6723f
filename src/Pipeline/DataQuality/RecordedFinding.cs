namespace Outcomes.Pipeline.DataQuality;

/// <summary>A finding as the daily check recorded it (<c>data_quality_finding</c>): on which day, what kind, about what, measured against what.</summary>
public sealed record RecordedFinding(DateOnly CheckedOn, string Kind, string Subject, double? Measured, double Threshold, string Detail);
