namespace Outcomes.Analytics.Definitions;

/// <summary>
/// The definitions every figure follows, in one place; docs/metrics.md says the same in words. A change to
/// any of them is a new <see cref="Version"/>, stored with each analysis run.
/// </summary>
public static class OutcomeDefinitions
{
    public const string Version = "1";

    /// <summary>
    /// Discharges that end care against the plan: TEDS-D REASON 2 (dropped out, including leaving against
    /// advice) and 3 (terminated by the facility, in these programs mostly for non-attendance).
    /// </summary>
    public static readonly IReadOnlyList<string> UnplannedReasons = ["dropped_out", "left_against_advice", "administrative"];

    /// <summary>Early dropout: an unplanned discharge within this many days of admission (configurable per run).</summary>
    public const int DefaultEarlyDropoutDays = 30;

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

    /// <summary>An episode in care with no session for this many days probably has a missing discharge record.</summary>
    public const int MissingDischargeDays = 30;

    /// <summary>A drug screen collected within this many days after admission is an intake screen (case-mix adjustment).</summary>
    public const int IntakeScreenDays = 2;

    /// <summary>
    /// A step-down counts as engaged when the patient attended a session of the lower level within this many days of the
    /// discharge from the higher one (<c>completed_or_stepped_down_engaged</c>).
    /// </summary>
    public const int StepDownEngagementDays = 14;

    /// <summary>The two levels of care compared throughout.</summary>
    public const string Iop = "iop";

    public const string Php = "php";
}
