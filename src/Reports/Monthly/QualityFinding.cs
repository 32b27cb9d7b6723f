namespace Outcomes.Reports.Monthly;

/// <summary>
/// A finding of the scheduled daily data-quality check as a report lists it: the report does not read the findings
/// itself; whoever writes it passes the period's (the workflow layer reads them from their owner).
/// </summary>
public sealed record QualityFinding(DateOnly CheckedOn, string Kind, string Subject, double? Measured, double Threshold);
