namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// How useful the flags raised in one month at one facility were. A flag has matured when its horizon has passed by
/// the data-through date; precision is the share of matured flags whose patient then left care unplanned within
/// the horizon; retention after outreach is the share of matured flags with outreach done whose patient did not.
/// Alert burden is the flags raised per week of the month.
/// </summary>
public sealed record FlagUsefulness(
    string FacilityId, DateOnly Month, int Raised, int Reviewed, int OutreachDone, int Dismissed, int Matured, int DroppedOut,
    int MaturedWithOutreach, int RetainedAfterOutreach, double FlagsPerWeek)
{
    public double? Precision => Matured == 0 ? null : (double)DroppedOut / Matured;

    public double? RetainedAfterOutreachShare => MaturedWithOutreach == 0 ? null : (double)RetainedAfterOutreach / MaturedWithOutreach;
}
