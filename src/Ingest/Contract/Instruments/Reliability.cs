namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>A published reliability coefficient of a score and the study that reported it.</summary>
public sealed record Reliability(double Coefficient, ReliabilityKind Kind, string Source);
