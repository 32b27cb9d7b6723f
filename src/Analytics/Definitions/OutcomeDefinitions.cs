namespace Outcomes.Analytics.Definitions;

/// <summary>
/// The definitions every figure follows, in one place; docs/metrics.md says the same in words. A change to
/// any of them is a new <see cref="Version"/>, stored with each analysis run.
/// </summary>
public static class OutcomeDefinitions
{
    public const string Version = "3";

    /// <summary>
    /// Discharges that end care against the plan: TEDS-D REASON 2 (dropped out, including leaving against
    /// advice) and 3 (terminated by the facility, in these programs mostly for non-attendance).
    /// </summary>
    public static readonly IReadOnlyList<string> UnplannedReasons = ["dropped_out", "left_against_advice", "administrative"];

    /// <summary>Early dropout: an unplanned discharge within this many days of admission (configurable per run).</summary>
    public const int DefaultEarlyDropoutDays = 30;

    /// <summary>
    /// Days after a facility's first admission in the data before an admission may join a fixed-window cohort (day-N
    /// retention, the share free of a positive screen, courses of care): stays already running when the data begin are
    /// missing, and an admission in the first weeks may be the step-down of one of them. At least as long as the
    /// longest intensive stay (PHP: 60 days in the generated cohorts). SQL: <see cref="RunIn"/>.
    /// </summary>
    public const int RunInDays = 90;

    /// <summary>Retention is reported at these days in care.</summary>
    public static readonly IReadOnlyList<int> RetentionDays = [30, 60, 90];

    /// <summary>
    /// The retention curve is stored at these days in care (figure <c>retention_curve</c>, IOP and PHP): every
    /// 7 days from admission, and day 180, so a report can draw the step curve and its numbers at risk.
    /// </summary>
    public static readonly IReadOnlyList<int> RetentionCurveDays = [.. Enumerable.Range(0, 26).Select(w => w * 7), 180];

    /// <summary>
    /// ASAM Criteria (3rd edition) minimum weekly hours of structured services for adults: level 2.1
    /// (intensive outpatient) 9 hours, level 2.5 (partial hospitalization) 20 hours.
    /// </summary>
    public const int AsamMinimumWeeklyMinutesIop = 9 * 60;

    public const int AsamMinimumWeeklyMinutesPhp = 20 * 60;

    /// <summary>Readmission is counted within these days of discharge.</summary>
    public static readonly IReadOnlyList<int> ReadmissionDays = [30, 90];

    /// <summary>
    /// Follow-up after discharge is counted at these days; a follow-up answers the window nearest its day (up to half
    /// as long again as the last), for sources that call on the day reached rather than on the day planned.
    /// </summary>
    public static readonly IReadOnlyList<int> FollowUpDays = [30, 90, 180];

    /// <summary>
    /// Family involvement is an attended family contact or family session in the first this many days after admission
    /// (days 0 to 13): a fixed early window, so that a longer stay's extra time to be involved does not count as the
    /// involvement's effect on completion (immortal-time bias).
    /// </summary>
    public const int FamilyInvolvementDays = 14;

    /// <summary>An episode in care with no session for this many days probably has a missing discharge record.</summary>
    public const int MissingDischargeDays = 30;

    /// <summary>A drug screen collected within this many days after admission is an intake screen (case-mix adjustment).</summary>
    public const int IntakeScreenDays = 2;

    /// <summary>
    /// A step-down counts as engaged when the patient attended a session of the lower level within this many days of the
    /// discharge from the higher one (<c>completed_or_stepped_down_engaged</c>).
    /// </summary>
    public const int StepDownEngagementDays = 14;

    /// <summary>
    /// A figure pooled over facilities is clustered by facility (CR1, t on G − 1) when at least this many facilities have
    /// units in it and that interval is wider than the one by patient (or, for episodes and courses, the Wilson or Newcombe
    /// interval): patients are nested in facilities, so the coarser level's interval also covers the finer level's
    /// correlation. Below it the facility-level variance rests on too few clusters to be trusted: Cameron and Miller
    /// (2015, Journal of Human Resources 50:317-372, §VI) place "few" somewhere below 20 to 50 clusters when they are of
    /// equal size, and more when they are not (MacKinnon and Webb 2017, Journal of Applied Econometrics 32:233-254).
    /// 20 is the lower end of that range; the figures then say that they are clustered by patient only.
    /// </summary>
    public const int MinimumFacilitiesToClusterBy = 20;

    /// <summary>The two levels of care compared throughout.</summary>
    public const string Iop = "iop";

    public const string Php = "php";
}
