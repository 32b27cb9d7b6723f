namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// Net benefit at one threshold probability (<see cref="DecisionCurve"/>): of the model flagging risks at or above it, of
/// reaching out to everyone (treat all), and of the missed-sessions rule; reaching out to no one is 0.
/// </summary>
public sealed record NetBenefitRow(double Threshold, double Model, double TreatAll, double Rule);
