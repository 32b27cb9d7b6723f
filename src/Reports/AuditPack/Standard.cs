namespace Outcomes.Reports.AuditPack;

/// <summary>An accreditation or federal reporting standard a chart supports.</summary>
internal sealed record Standard(string Body, string Reference, string Text);
