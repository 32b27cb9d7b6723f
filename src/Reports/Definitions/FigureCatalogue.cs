using System.Text.RegularExpressions;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Definitions;

/// <summary>
/// Every figure a report shows, in the words of docs/metrics.md (definitions version 1): the Definitions sheet
/// and the accreditation manifest list these. A metric in a stored run without an entry here fails a test.
/// With <see cref="LevelNames"/> it is also the reports' one vocabulary: <see cref="Words"/> turns a stored code (a
/// metric, a discharge reason, a session kind, a patient field, a file of the data contract) into the words every
/// output prints, so the workbook, the HTML pages and the charts never show <c>left_against_advice</c> where a reader
/// expects "Left against advice".
/// </summary>
internal static partial class FigureCatalogue
{
    private const string Run = "analysis_figure of the stored analysis run";
    private const string Discharged = "episodes discharged in the period";
    private const string FollowUpDue = "episodes discharged in the period other than by transfer or death whose 30, 90 or 180 days have passed (due a follow-up), by day";

    public static readonly IReadOnlyList<FigureDefinition> All =
    [
        new("completion", "Completion", "episodes discharged in the period with reason completed", Discharged, Run),
        new("dropout", "Dropout (unplanned discharge)", "episodes discharged in the period as dropped out, left against advice or administrative", Discharged, Run),
        new("transfer", "Transfer / step-down", "episodes discharged in the period as transferred", Discharged, Run),
        new("early_dropout", "Early dropout (30 days)", "episodes admitted in the period with an unplanned discharge within 30 days", "episodes admitted in the period whose 30 days had all passed by the data-through date (a fixed-window cohort)", Run),
        new("completion_adjusted", "Completion by stay, IOP minus PHP adjusted for case mix", "inverse-probability-weighted completion, IOP minus PHP", "weighted discharged episodes (Kish effective sizes)", Run + "; sandwich interval; 'not comparable' when overlap or balance (|SMD| 0.1) fails"),
        new("dropout_adjusted", "Dropout by stay, IOP minus PHP adjusted for case mix", "inverse-probability-weighted dropout, IOP minus PHP", "weighted discharged episodes (Kish effective sizes)", Run + "; sandwich interval; 'not comparable' when overlap or balance (|SMD| 0.1) fails"),
        new("completion_adjusted_evalue", "E-value of the adjusted completion difference", "risk ratio an unmeasured confounder would need with both level and outcome to explain the difference away", "the weighted PHP rate (the difference as a risk ratio)", Run + "; VanderWeele & Ding 2017"),
        new("dropout_adjusted_evalue", "E-value of the adjusted dropout difference", "risk ratio an unmeasured confounder would need with both level and outcome to explain the difference away", "the weighted PHP rate (the difference as a risk ratio)", Run + "; VanderWeele & Ding 2017"),
        new("course_dropout", "Course of care ended unplanned (180 days)", "courses whose last intensive stay ended in an unplanned discharge within 180 days of the first admission", "courses (a PHP or IOP admission and the stays it stepped down to) begun in the period whose 180 days have passed, by the level begun in", Run + "; docs/metrics.md, Courses of care"),
        new("course_planned_end", "Course of care ended as planned (180 days)", "courses whose last intensive stay was completed or stepped down out of intensive care within 180 days", "courses begun in the period whose 180 days have passed, by the level begun in", Run),
        new("course_dropout_adjusted", "Course dropout, IOP minus PHP adjusted for case mix and facility", "inverse-probability-weighted course dropout, begun in IOP minus begun in PHP", "weighted courses (Kish effective sizes)", Run + "; facility in the propensity model; sandwich interval"),
        new("course_planned_end_adjusted", "Course planned end, IOP minus PHP adjusted for case mix and facility", "inverse-probability-weighted planned end, begun in IOP minus begun in PHP", "weighted courses (Kish effective sizes)", Run + "; facility in the propensity model; sandwich interval"),
        new("course_dropout_adjusted_evalue", "E-value of the adjusted course dropout difference", "risk ratio an unmeasured confounder would need to explain the difference away", "the weighted PHP rate", Run + "; VanderWeele & Ding 2017"),
        new("course_planned_end_adjusted_evalue", "E-value of the adjusted course planned-end difference", "risk ratio an unmeasured confounder would need to explain the difference away", "the weighted PHP rate", Run + "; VanderWeele & Ding 2017"),
        new("course_standardised_difference", "Course case-mix balance before weighting", "difference of a characteristic's means, courses begun in IOP minus PHP", "pooled standard deviation", Run),
        new("course_standardised_difference_weighted", "Course case-mix balance after weighting", "weighted difference of a characteristic's means", "pooled standard deviation", Run),
        new("unplanned_discharge_incidence", "Unplanned discharge by day 14, 30, 60, 90 (cumulative incidence)", "Aalen–Johansen share of stays admitted in the period ended by an unplanned discharge by that day, completion and step-down competing", "stays admitted in the period (censored at the data-through date); none past the last day followed or with fewer than 11 at risk", Run),
        new("completion_incidence", "Completion by day 14, 30, 60, 90 (cumulative incidence)", "Aalen–Johansen share of stays completed by that day", "stays admitted in the period", Run),
        new("step_down_incidence", "Step-down or transfer by day 14, 30, 60, 90 (cumulative incidence)", "Aalen–Johansen share of stays ended by a transfer by that day", "stays admitted in the period", Run),
        new("unplanned_per_1000_days", "Unplanned discharges per 1,000 days in care", "unplanned discharges of stays admitted in the period", "their days in care up to discharge or the data-through date", Run + "; exact Poisson (Garwood) interval"),
        new("unplanned_rate_ratio", "Unplanned discharge rate, IOP / PHP", "IOP unplanned discharges per day in care", "PHP unplanned discharges per day in care", Run + "; exact conditional interval"),
        new("gray_test_unplanned", "Gray's test, unplanned discharge IOP vs PHP", "chi-square of equal cumulative incidence of an unplanned discharge", "stays admitted in the period", Run + "; Gray 1988"),
        new("standardised_difference", "Case-mix balance before weighting", "difference of a characteristic's means, IOP minus PHP", "pooled standard deviation", Run),
        new("standardised_difference_weighted", "Case-mix balance after weighting", "weighted difference of a characteristic's means", "pooled standard deviation", Run),
        new("step_down_to_iop", "Step-down from PHP to IOP", "PHP episodes discharged in the period as transferred to an IOP episode", "PHP episodes discharged in the period", Run),
        new("step_down_completed", "Step-down completed (PHP → IOP → OP)", "step-downs whose IOP episode was completed or stepped down to outpatient care", "step-downs whose IOP episode has ended by the data-through date", Run),
        new("completed_or_stepped_down_engaged", "Completed or stepped down and engaged (14 days)", "PHP episodes completed, or stepped down to IOP with an IOP session attended within 14 days of the PHP discharge; the same for IOP to outpatient care", "PHP (IOP) episodes discharged in the period whose 14 days had passed by the data-through date (a fixed-window cohort, named in each figure's note)", Run + "; Wilson interval; no IOP minus PHP difference (the two measure different steps)"),
        new("retention", "Still in care (Kaplan–Meier) at day 30, 60, 90", "Kaplan–Meier estimate: patients still in care that many days after admission", "patients admitted in the period whose days had passed by the data-through date, discharged or not, after the 90-day run-in at the start of the data", Run + "; Greenwood variance, log-scale interval"),
        new("retention_curve", "Still in care (Kaplan–Meier curve) every 7 days to day 180", "Kaplan–Meier estimate on the day; the number at risk: patients still in care and followed on that day", "patients admitted in the period (censored at the data-through date)", Run + "; Greenwood variance, log-scale interval"),
        new("retention_median_days", "Median days in care", "first day the Kaplan–Meier estimate reaches 50%", "patients admitted in the period", Run + "; Brookmeyer–Crowley interval"),
        new("retention_logrank", "Log-rank test, IOP vs PHP", "observed IOP discharges", "expected IOP discharges under equal retention", Run),
        new("length_of_stay_days", "Length of stay (median, IQR)", "days from admission to discharge", Discharged, Run),
        new("asam_weeks_met", "Weeks meeting the ASAM minimum hours", "whole calendar weeks in care with attended hours at or above IOP 9 h / PHP 20 h", "whole weeks in care inside the period", Run + "; ASAM Criteria minimum weekly hours"),
        new("asam_weeks_scheduled", "Weeks scheduled at the ASAM minimum hours (program fidelity)", "whole calendar weeks in care whose scheduled hours (sessions the program cancelled left out) reach IOP 9 h / PHP 20 h", "whole weeks in care inside the period", Run + "; ASAM Criteria minimum weekly hours"),
        new("asam_weeks_attended", "Weeks attended at the ASAM minimum hours (engagement)", "weeks scheduled at the minimum whose attended hours reach it", "whole weeks in care inside the period scheduled at the minimum", Run + "; ASAM Criteria minimum weekly hours"),
        new("attended_minutes_share", "Share of scheduled minutes attended", "minutes attended", "minutes scheduled (sessions cancelled by the program left out)", Run),
        new("no_show", "No-shows by session kind", "sessions with status no-show", "sessions the patient was expected at", Run),
        new("family_involvement", "Family involved in the first 14 days", "admissions with an attended family contact or family session in days 0 to 13", "episodes admitted in the period whose first 14 days have passed", Run),
        new("completion_by_family_involvement", "Completion by family involvement in the first 14 days", "completed episodes in each group", "episodes discharged in the period after 14 days or more in care, by family involvement in days 0 to 13", Run),
        new("positive_screen_per_screen", "Positive screens per screen", "positive screens", "screens with a result collected in the period while in care", Run),
        new("positive_screen_per_week_tested", "Weeks tested with a positive screen", "weeks tested with at least one positive screen", "weeks in care (Monday in the period) with at least one screen with a result", Run),
        new("positive_screen_per_patient", "Positive screen during care (per patient)", "episodes with at least one positive screen", "episodes screened in the period while in care", Run),
        new("free_of_positive_screen", "Free of a positive screen (Kaplan–Meier)", "Kaplan–Meier share without a positive screen since admission", "patients admitted in the period whose days had passed by the data-through date, after the 90-day run-in at the start of the data", Run),
        new("readmission_30d", "Readmission within 30 days", "episodes followed by a readmission within 30 days of discharge", "episodes discharged in the period other than by transfer or death whose 30 days have passed", Run),
        new("readmission_90d", "Readmission within 90 days", "episodes followed by a readmission within 90 days of discharge", "episodes discharged in the period other than by transfer or death whose 90 days have passed", Run),
        new("follow_up_reach", "Follow-up reached the patient", "discharges whose follow-up at that day reached the patient", FollowUpDue, Run),
        new("abstinence_at_follow_up", "Abstinent at follow-up (reached patients)", "reached patients reporting abstinence", "reached patients answering yes or no, among the discharges due, by day", Run),
        new("abstinence_lower_bound", "Abstinent at follow-up, lower bound (none of the unreached abstinent)", "reached patients reporting abstinence", FollowUpDue, Run),
        new("abstinence_upper_bound", "Abstinent at follow-up, upper bound (all of the unreached abstinent)", "discharges due less the reached patients reporting use", FollowUpDue, Run),
        new("field_completeness", "Field known", "patients in care during the period whose answer is known", "patients in care during the period", Run),
        new("missing_discharge", "Possibly missing discharge", "episodes in care on the data-through date with no session in the last 30 days", "episodes in care on the data-through date", Run),
        new("quarantined_rows", "Rows quarantined", "rows quarantined by file loads started in the period", "rows read by those loads", Run),
        new("rolling_three_months", "Rolling 3 months (Summary sheet)", "the figure's numerator over the three months ending with this one, each patient once", "the figure's denominator over those three months", "analysis_figure of the stored run of the three months (3m:2026-05)"),
        new("quarter_to_date", "Quarter to date (Summary sheet)", "the figure's numerator from the quarter's first day to this month's end", "the figure's denominator over those days", "analysis_figure of the stored run of the quarter to date (qtd:2026-05; in a quarter's first month the month's run, in its last the rolling three months')"),
        new("twelve_months", "12 months (Summary sheet)", "the figure's numerator over the twelve months ending with this one, each patient once", "the figure's denominator over those twelve months (a Kaplan–Meier share: the twelve months' own estimate)", "analysis_figure of the stored run of the twelve months (12m:2026-05)"),
        new("change_from_last_year", "Change from the same month last year (Summary sheet)", "this month's estimate minus the same month's a year before, in percentage points", "the two months' own denominators (independent patients)", "analysis_figure of the two months' stored runs; Newcombe 1998 hybrid score interval (method 10) for a proportion, MOVER (Zou & Donner 2008) on the stored log-scale intervals for a Kaplan–Meier share"),
        new("score_coverage", "Measured at least twice (per instrument)", "episodes with an intake score and at least one later score on the instrument", "IOP and PHP episodes discharged in the period", Run + "; Wilson interval"),
        new("score_change", "Change from intake to the last score (per instrument)", "mean of last minus intake score, in the instrument's points (negative is improvement where higher is worse)", "episodes discharged in the period with an intake score (within 7 days of admission) and a later one", Run + "; Student's t interval, IOP minus PHP Welch's"),
        new("score_change_adjusted", "Change from intake, IOP minus PHP adjusted for case mix and intake score", "inverse-probability-weighted mean change, IOP minus PHP", "weighted episodes with an intake and a later score (Kish effective sizes)", Run + "; sandwich interval; 'not comparable' when overlap or balance fails"),
        new("score_recovered", "Recovered (reliable improvement into the functional range)", "episodes with a reliable improvement (Jacobson–Truax RCI beyond 1.96) from the clinical range at intake to below the cut-off", "episodes discharged in the period with an intake and a later score", Run + "; Jacobson & Truax 1991; Wilson interval"),
        new("score_improved", "Reliably improved, not recovered", "episodes with a reliable improvement that did not cross the cut-off", "episodes discharged in the period with an intake and a later score", Run + "; Jacobson & Truax 1991; Wilson interval"),
        new("score_unchanged", "No reliable change", "episodes whose change is within the reliable change index's 1.96", "episodes discharged in the period with an intake and a later score", Run + "; Jacobson & Truax 1991; Wilson interval"),
        new("score_deteriorated", "Reliably deteriorated", "episodes with a reliable worsening", "episodes discharged in the period with an intake and a later score", Run + "; Jacobson & Truax 1991; Wilson interval"),
        new("score_reliably_improved", "Reliably improved (recovered or improved)", "episodes recovered or improved", "episodes discharged in the period with an intake and a later score", Run + "; Jacobson & Truax 1991; Wilson interval"),
        new("not_on_track", "Not on track (expected-recovery band)", "patients in care whose latest score lies beyond their level's expected-recovery band on the side of illness", "patients in care on the period's last day with an intake and a later score", Run + "; a curve fitted on the trailing year's completed episodes (Lambert's OQ-45 signal alerts); Wilson interval"),
        new("days_referral_to_first_contact", "Days from referral to first contact (median)", "days from referral to first contact", "referrals of the period that reached first contact", Run + "; order-statistic interval of the median"),
        new("days_first_contact_to_admission", "Days from first contact to admission (median)", "days from first contact to admission", "referrals of the period that reached admission", Run + "; order-statistic interval of the median"),
        new("days_referral_to_admission", "Days from referral to admission (median)", "days from referral to admission", "referrals of the period that reached admission", Run + "; order-statistic interval of the median"),
        new("admitted_within_7_days", "Admitted within 7 days of referral", "referrals admitted within 7 days", "referrals of the period whose 7 days have passed, never-admitted referrals included", Run + "; Wilson interval"),
        new("satisfaction_mean", "Satisfaction (mean score)", "mean survey score (CSQ-8: 8 to 32)", "episodes discharged in the period with a survey", Run + "; Student's t interval"),
        new("satisfaction_top_box", "Satisfaction top box", "surveys at the instrument's top box (CSQ-8: 32)", "episodes discharged in the period with a survey", Run + "; Wilson interval"),
        new("risk_flags", "Risk flags and what became of them", "episodes flagged at least once in the period, by discharge status on the data-through date", "episodes flagged in the period", "risk_flag (flags raised) joined to episode"),
        new("dropout_model.calibration_table", "Dropout model calibration", "observed dropout in each band of predicted risk", "test patients in the band", "dropout_model.metrics of the promoted model (evaluation on later admissions)"),
        new("risk_score.probability", "Predicted risk of patients in care", "patients in care in each 10% band of predicted risk", "patients scored on the latest scoring day of the period", "risk_score of the promoted model"),
    ];

    public static FigureDefinition? Find(string metric) => All.FirstOrDefault(d => d.Metric == metric);

    /// <summary>
    /// The codes of the data contract (src/Ingest/Contract/Codes.cs and its files) that figures carry as their group,
    /// in words. Metrics take their <see cref="FigureDefinition.Name"/>, levels of care their <see cref="LevelNames"/> label.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> CodeWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Discharge reasons (TEDS-D REASON).
        ["completed"] = "Completed",
        ["dropped_out"] = "Dropped out",
        ["left_against_advice"] = "Left against advice",
        ["administrative"] = "Administrative discharge",
        ["transferred"] = "Transferred",
        ["incarcerated"] = "Incarcerated",
        ["died"] = "Died",

        // Session kinds.
        ["group"] = "Group therapy",
        ["individual"] = "Individual therapy",
        ["family"] = "Family session",
        ["psychoeducation"] = "Psychoeducation",
        ["medication_management"] = "Medication management",
        ["case_management"] = "Case management",

        // Patient fields whose completeness is measured.
        ["sex"] = "Sex",
        ["race"] = "Race",
        ["ethnicity"] = "Ethnicity",
        ["primary_substance"] = "Primary substance",
        ["co_occurring_disorder"] = "Co-occurring disorder",
        ["referral_source"] = "Referral source",
        ["payer"] = "Payer",

        // Files of the data contract (a file's own name, follow_ups.csv, is printed as it is).
        ["programs"] = "Programs",
        ["patients"] = "Patients",
        ["episodes"] = "Episodes",
        ["sessions"] = "Sessions",
        ["family_contacts"] = "Family contacts",
        ["drug_screens"] = "Drug screens",
        ["relapse_events"] = "Relapse events",
        ["follow_ups"] = "Follow-ups",
        ["assessments"] = "Assessments",
        ["referrals"] = "Referrals",
        ["surveys"] = "Surveys",

        // Review statuses of a risk flag.
        ["outreach_done"] = "Outreach done",
    };

    /// <summary>Whether <paramref name="code"/> is a code the vocabulary has words for (a metric or a contract code).</summary>
    public static bool HasWordsFor(string code) => Find(code) is not null || CodeWords.ContainsKey(code);

    /// <summary>A metric's title, or the metric itself when the catalogue does not know it.</summary>
    public static string Title(string metric) => Find(metric)?.Name ?? metric;

    /// <summary>
    /// A text as a reader should see it: a text that is a code becomes its words; a known code with an underscore inside a
    /// sentence becomes its words too (lower-cased unless it starts with an abbreviation), while a file or member name
    /// around a dot (<c>follow_ups.csv</c>, <c>risk_score.probability</c>) stays as it is.
    /// </summary>
    public static string Words(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        if (Whole(text) is { } whole)
        {
            return whole;
        }

        return text.Contains('_', StringComparison.Ordinal)
            ? SnakeCase().Replace(text, m => Whole(m.Value) is { } words ? InSentence(words) : m.Value)
            : text;
    }

    private static string? Whole(string code) =>
        Find(code)?.Name ?? (CodeWords.TryGetValue(code, out var words) ? words : null);

    private static string InSentence(string words) =>
        words.Length > 1 && char.IsLower(words[1]) ? char.ToLowerInvariant(words[0]) + words[1..] : words;

    /// <summary>A snake_case word not joined by a dot to another word (not a file or member name).</summary>
    [GeneratedRegex(@"(?<![\w.])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?!\w|\.\w)")]
    internal static partial Regex SnakeCase();
}
