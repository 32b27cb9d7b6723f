namespace Outcomes.Reports.AuditPack;

/// <summary>An accreditation or federal reporting standard a chart supports.</summary>
public sealed record Standard(string Body, string Reference, string Text);
