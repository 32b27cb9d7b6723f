using System.Globalization;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Periods;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// The parameters every statement of a period's analysis may use: the period (@Start, @End), the facility or null for
/// all (@Facility), the data-through date (@Through), the early-dropout window (@EarlyDays) and the definitions'
/// constants (unplanned reasons, ASAM weekly minutes, the missing-discharge window, the longest readmission window, the
/// intake-screen window, the run-in at the start of each facility's data, the days a Kaplan–Meier share is reported at).
/// Definitions in words: docs/metrics.md.
/// </summary>
internal sealed record PeriodParameters(
    DateOnly Start,
    DateOnly End,
    string? Facility,
    DateOnly Through,
    string[] Unplanned,
    int EarlyDays,
    int IopMinutes,
    int PhpMinutes,
    int MissingDays,
    int MaxDays,
    int IntakeDays,
    int RunInDays,
    int[] ShareDays)
{
    public static PeriodParameters For(ReportingPeriod period, string? facility, DateOnly through, int earlyDropoutDays) =>
        new(
            period.Start,
            period.End,
            facility,
            through,
            [.. OutcomeDefinitions.UnplannedReasons],
            earlyDropoutDays,
            OutcomeDefinitions.AsamMinimumWeeklyMinutesIop,
            OutcomeDefinitions.AsamMinimumWeeklyMinutesPhp,
            OutcomeDefinitions.MissingDischargeDays,
            OutcomeDefinitions.ReadmissionDays.Max(),
            OutcomeDefinitions.IntakeScreenDays,
            OutcomeDefinitions.RunInDays,
            [.. OutcomeDefinitions.RetentionDays.Order()]);

    /// <summary>
    /// Names the fixed-window admission cohort of a figure counted some days after admission: the period's admissions
    /// whose days had passed by the data-through date ("admitted 2026-04-01 to 2026-05-02, followed 90 days").
    /// </summary>
    public string AdmittedAndFollowed(int days) => Cohort("admitted", days);

    /// <summary>
    /// Names the fixed-window discharge cohort of a figure counted some days after discharge: the period's discharges
    /// whose days had passed by the data-through date ("discharged 2026-01-01 to 2026-03-02, followed 90 days").
    /// </summary>
    public string DischargedAndFollowed(int days) => Cohort("discharged", days);

    /// <summary>The cohort's words, or that none of the period has had its days yet (the last day allowed before the first).</summary>
    private string Cohort(string kind, int days) => LastWithDaysPassed(days) < Start
        ? string.Create(CultureInfo.InvariantCulture, $"nobody {kind} from {Start:yyyy-MM-dd} has had {days} days by {Through:yyyy-MM-dd}")
        : string.Create(CultureInfo.InvariantCulture, $"{kind} {Start:yyyy-MM-dd} to {LastWithDaysPassed(days):yyyy-MM-dd}, followed {days} days");

    private DateOnly LastWithDaysPassed(int days) => Through.AddDays(-days) < End ? Through.AddDays(-days) : End;
}
