namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// How patients attend scheduled sessions. Assumptions (no national attendance table exists), chosen so that
/// most weeks of an engaged patient meet the ASAM minimum hours and attendance visibly falls before a dropout.
/// </summary>
internal static class AttendanceRates
{
    /// <summary>Sessions the program itself cancels (holidays, staff illness).</summary>
    public const double CancelledByProgram = 0.015;

    /// <summary>A patient's usual chance of being there: normal around this mean, this spread, within the bounds.</summary>
    public const double UsualPresenceMean = 0.88;

    public const double UsualPresenceSpread = 0.05;

    public const double UsualPresenceMin = 0.55;

    public const double UsualPresenceMax = 0.98;

    /// <summary>Lower usual presence for a positive intake screen and for a co-occurring disorder.</summary>
    public const double PositiveIntakePenalty = 0.04;

    public const double CoOccurringPenalty = 0.03;

    /// <summary>
    /// Before an unplanned discharge, presence falls over this many days, down to this share of the usual at the
    /// discharge date: the falling attendance that precedes dropout.
    /// </summary>
    public const int DeclineDays = 21;

    public const double DeclineAtDischarge = 0.85;

    /// <summary>When present: on time, late, or leaving early.</summary>
    public const double LateShareOfPresent = 0.06;

    public const double LeftEarlyShareOfPresent = 0.04;

    /// <summary>When absent: cancelled ahead by the patient, or excused (no-show is the rest).</summary>
    public const double CancelledShareOfAbsent = 0.20;

    public const double ExcusedShareOfAbsent = 0.10;
}
