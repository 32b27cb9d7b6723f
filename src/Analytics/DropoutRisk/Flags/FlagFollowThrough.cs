namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// What became of the flags raised in one month, counted by flag (an episode flagged twice counts twice), as of the
/// data-through date: their review (any review step recorded by the end of that day; the latest step's status),
/// how the patient's care stood, and — for flags whose horizon has passed — whether the patient left care unplanned
/// within it. Days to review run from the day a flag was raised to the day of its first review step.
/// </summary>
public sealed record FlagFollowThrough(
    int Raised, int Reviewed, int Acknowledged, int OutreachDone, int Dismissed,
    int StillInCare, int Completed, int DroppedOut, int OtherDischarge,
    int Matured, int DroppedOutWithinHorizon, double? MedianDaysToReview)
{
    public static readonly FlagFollowThrough None = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);

    public int Unreviewed => Raised - Reviewed;

    /// <summary>Flags whose patient left care unplanned within the horizon among flags whose horizon has passed.</summary>
    public double? Precision => Matured == 0 ? null : (double)DroppedOutWithinHorizon / Matured;
}
