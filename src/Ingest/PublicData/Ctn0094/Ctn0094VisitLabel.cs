namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>
/// A visit label as a rule read it: the rule's name, the kind of visit, the phase it names (null when the label names
/// none: then it counts from the first randomisation), the week or the months, and the label's canonical spelling.
/// </summary>
internal sealed record Ctn0094VisitLabel(string Rule, Ctn0094VisitKind Kind, int? Phase, int? Week, int? Months, string Canonical);
