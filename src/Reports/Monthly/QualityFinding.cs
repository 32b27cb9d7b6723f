namespace Outcomes.Reports.Monthly;

/// <summary>A finding of the scheduled daily data-quality check (<c>data_quality_finding</c>).</summary>
internal sealed record QualityFinding(DateOnly CheckedOn, string Kind, string Subject, double? Measured, double Threshold);
