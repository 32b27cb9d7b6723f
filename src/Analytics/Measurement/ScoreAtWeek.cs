namespace Outcomes.Analytics.Measurement;

/// <summary>
/// A score after intake: the patient's intake score on the instrument, the whole weeks since admission when this one
/// was given (days / 7, rounded down), and the score.
/// </summary>
public readonly record struct ScoreAtWeek(double Intake, int Week, double Score);
