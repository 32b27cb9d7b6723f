namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// What became of the flags raised in one month, counted by flag (an episode flagged twice counts twice), as of the
/// data-through date: their review (any review step recorded by the end of that day; the latest step's status),
/// how the patient's care stood, and — for flags whose own horizon has passed — whether the patient left care unplanned
/// within it. Days to review run from the day a flag was raised to the day of its first review step. With them, what
/// raised the flags: the mix of their reasons by warning sign (<see cref="Reasons"/>), their horizons and the rules.
/// </summary>
public sealed record FlagFollowThrough(
    int Raised, int Reviewed, int Acknowledged, int OutreachDone, int Dismissed,
    int StillInCare, int Completed, int DroppedOut, int OtherDischarge,
    int Matured, int DroppedOutWithinHorizon, double? MedianDaysToReview)
{
    public static readonly FlagFollowThrough None = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);

    /// <summary>
    /// Flags giving each warning sign among their reasons (a flag gives up to three, so these add up to more than the
    /// flags raised), in the order of <see cref="Scoring.RiskReasons.SignNames"/>, signs no flag gave left out.
    /// </summary>
    public IReadOnlyList<FlagReasonCount> Reasons { get; init; } = [];

    /// <summary>The horizons the flags were raised with, in days, smallest first: each flag matures on its own.</summary>
    public IReadOnlyList<int> HorizonDays { get; init; } = [];

    /// <summary>The rules that raised the flags, as stored with each flag, the earliest first.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    public int Unreviewed => Raised - Reviewed;

    /// <summary>Flags whose patient left care unplanned within the horizon among flags whose horizon has passed.</summary>
    public double? Precision => Matured == 0 ? null : (double)DroppedOutWithinHorizon / Matured;
}
