namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// Family contacts (family_contacts.csv) beside the family therapy sessions in sessions.csv. Assumptions.
/// An involved family has an intake call, a family education evening in the first week and a multi-family
/// group every other week; an uninvolved one at most an unanswered call.
/// </summary>
internal static class FamilyRates
{
    public const double EducationAttended = 0.90;

    public const double MultiFamilyGroupAttended = 0.75;

    public const int MultiFamilyGroupEveryDays = 14;

    /// <summary>Share of uninvolved families the program calls in the first days, without reaching them.</summary>
    public const double UninvolvedCallAttempt = 0.35;
}
