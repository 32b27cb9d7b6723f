namespace Outcomes.Analytics.Measurement.Tracking;

/// <summary>
/// The expected-recovery curve of one instrument at one level of care, or why there is none (<see cref="Reason"/>:
/// too few completed episodes), as the not-on-track list shows it.
/// </summary>
public sealed record FittedCurve(string Level, string Instrument, ExpectedRecoveryCurve? Curve, string? Reason);
