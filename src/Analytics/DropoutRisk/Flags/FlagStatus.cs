namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// The review life of a flag: open → acknowledged → outreach done or dismissed; an open flag may also be dismissed
/// straight away. Outreach done and dismissed are final. The words are the ones stored and typed on the command line.
/// </summary>
public static class FlagStatus
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string OutreachDone = "outreach_done";
    public const string Dismissed = "dismissed";

    /// <summary>Statuses that keep a flag on the worklist.</summary>
    public static readonly IReadOnlyList<string> Active = [Open, Acknowledged];

    public static readonly IReadOnlyList<string> All = [Open, Acknowledged, OutreachDone, Dismissed];

    public static readonly IReadOnlyList<string> ReviewerRoles =
        ["counsellor", "case_manager", "nurse", "physician", "clinical_supervisor", "quality_analyst"];

    public static readonly IReadOnlyList<string> Actions =
        ["phone_call", "text_message", "in_person", "family_contact", "schedule_change", "care_plan_review", "referral", "none"];

    public const int MaxNoteLength = 2000;

    /// <summary>The statuses a flag in <paramref name="status"/> may move to.</summary>
    public static IReadOnlyList<string> Next(string status) => status switch
    {
        Open => [Acknowledged, Dismissed],
        Acknowledged => [OutreachDone, Dismissed],
        _ => [],
    };
}
