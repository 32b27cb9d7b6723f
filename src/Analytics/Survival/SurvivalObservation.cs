namespace Outcomes.Analytics.Survival;

/// <summary>
/// One episode's time in care: <see cref="Time"/> days from admission to the event, or to the data-through
/// date when the patient is still in care (<see cref="Event"/> false: censored).
/// </summary>
public readonly record struct SurvivalObservation(double Time, bool Event);
