namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// What became of flagged patients after outreach, by the outreach done (the action of the flag's outreach-done step):
/// flags whose latest review step by the data-through date is outreach done, how the patient's care stood on that date,
/// and — for flags whose own horizon has passed — whether the patient left care unplanned within it. Counted by flag.
/// </summary>
public sealed record FlagOutreachOutcome(string Action, int Flags, int StillInCare, int Completed, int Matured, int DroppedOutWithinHorizon)
{
    /// <summary>Matured flags whose patient did not leave care unplanned within the horizon.</summary>
    public int RetainedWithinHorizon => Matured - DroppedOutWithinHorizon;
}
