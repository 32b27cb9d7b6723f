namespace Outcomes.Reports.AuditPack;

/// <summary>
/// Which standards each chart and each section of the annual review is evidence for: CARF Behavioral Health standards
/// section 1.M (performance measurement and management) and 1.N (performance improvement), the SAMHSA National
/// Outcome Measures domain the figure reports on, and The Joint Commission's CTS.03.01.09 (EP 1 a standardized way to
/// monitor progress, EP 2 analysis of the data, EP 3 use of the results), claimed by the chart of change on standardised
/// instruments (<see cref="For"/>).
/// </summary>
internal static class Standards
{
    private static readonly Standard Carf1N = new("CARF", "1.N", "Performance improvement: analysis of performance information and its use");

    private static Standard Noms(string domain) => new("SAMHSA NOMS", domain, $"National Outcome Measures domain: {domain}");

    /// <summary>
    /// Which standards a chart is evidence for, claiming only what it shows: outcome figures measure effectiveness (CARF
    /// 1.M) and, with intervals, trends or the model's checks, support their analysis (1.N). The measurement-based-care
    /// charts, drawn only from a run holding data contract v2's files, claim what those files back: the change on
    /// standardised instruments from intake, IOP against PHP with the case-mix adjusted difference, The Joint Commission's
    /// CTS.03.01.09 (EP 1 a standardized instrument monitoring progress, EP 2 its data analysed) and effectiveness; the
    /// access funnel CARF 1.M efficiency and service access (days from referral to first contact and admission, the share
    /// admitted within 7 days); the satisfaction bars CARF 1.M satisfaction. A run without those files draws none of them,
    /// so nothing claims these standards there.
    /// </summary>
    public static IReadOnlyList<Standard> For(string chartId) => chartId switch
    {
        "score_change" => [TjcCts030109, Carf1MEffectiveness, Carf1N],
        "access_funnel" => [Carf1MEfficiency, Carf1MAccess],
        "satisfaction" => [Carf1MSatisfaction],
        "retention" or "discharge_outcomes" or "differences" or "course_balance" => [Carf1MEffectiveness, Carf1N, Noms("Retention")],
        "trends" => [Carf1N, Noms("Retention")],
        "attendance" => [Carf1MEffectiveness, Noms("Retention"), Noms("Use of evidence-based practices")],
        "family_involvement" => [Carf1MEffectiveness, Noms("Social connectedness")],
        "relapse" or "abstinence" => [Carf1MEffectiveness, Carf1N, Noms("Reduced morbidity (abstinence from drug and alcohol use)")],
        "calibration" or "risk_distribution" => [Carf1N, Noms("Retention")],
        _ => [Carf1MEffectiveness],
    };

    private static readonly Standard Carf1MEffectiveness = new("CARF", "1.M (effectiveness)", "Performance measurement: effectiveness of services, against the program's own targets");
    private static readonly Standard Carf1MData = new("CARF", "1.M (data)", "Performance measurement: the data collected, and their reliability, validity, completeness and accuracy");
    private static readonly Standard Carf1MEfficiency = new("CARF", "1.M (efficiency)", "Performance measurement: efficiency of services, the time from referral to first contact and to admission");
    private static readonly Standard Carf1MAccess = new("CARF", "1.M (service access)", "Performance measurement: service access, the people referred who reach first contact and admission and how long they wait");
    private static readonly Standard Carf1MSatisfaction = new("CARF", "1.M (satisfaction)", "Performance measurement: satisfaction and experience of care of the persons served, by survey");
    private static readonly Standard TjcCts030109 = new("The Joint Commission", "CTS.03.01.09", "A standardized tool or instrument monitors each individual's progress (EP 1) and its data are analysed to evaluate outcomes of care (EP 2)");

    /// <summary>
    /// Which standards each section of the annual review answers, claiming only what the section holds: the targets and
    /// their verdicts measure effectiveness (CARF 1.M) and analyse it (1.N), as do the quarters and the written analysis;
    /// the action plans use the results (1.N); completeness and the measurement system describe the data (1.M). The
    /// measurement-based-care sections exist only when the year's runs hold their figures (<see cref="Held"/>): the
    /// instruments used and the change on them answer The Joint Commission's CTS.03.01.09 (EP 1 the standardized instrument,
    /// EP 2 the analysis of its data) and CARF 1.M effectiveness; the waits from referral answer CARF 1.M efficiency and
    /// service access; the surveys CARF 1.M satisfaction. What the year does not hold is said in <see cref="AnnualCoverage"/>.
    /// </summary>
    public static IReadOnlyList<Standard> ForAnnualSection(string section) => section switch
    {
        "targets" => [Carf1MEffectiveness, Carf1N],
        "quarters" or "analysis" or "actions" => [Carf1N],
        "completeness" or "measurement" => [Carf1MData],
        "instruments" => [CtsMonitoring, Carf1MData],
        "change" => [CtsAnalysis, Carf1MEffectiveness],
        "access" => [Carf1MEfficiency, Carf1MAccess],
        "satisfaction" => [Carf1MSatisfaction],
        _ => [],
    };

    private static readonly Standard CtsMonitoring = new("The Joint Commission", "CTS.03.01.09 EP 1", "A standardized tool or instrument monitors the individual's progress");
    private static readonly Standard CtsAnalysis = new("The Joint Commission", "CTS.03.01.09 EP 2", "The data gathered with the instrument are analysed to evaluate the outcomes of care");

    /// <summary>
    /// What the year's stored runs hold of the data contract's version-2 figures, for the review's population: a
    /// standardized instrument's measurement coverage and change (<c>score_coverage</c> and <c>score_change</c>), referrals
    /// (<c>days_referral_to_admission</c> or <c>admitted_within_7_days</c>), satisfaction surveys (<c>satisfaction_mean</c>).
    /// A standard resting on them is claimed only when they are held.
    /// </summary>
    public sealed record Held(bool InstrumentScores, bool Referrals, bool Surveys)
    {
        /// <summary>None held: a year of version-1 drops, which carry no assessments, referrals or surveys.</summary>
        public static Held None { get; } = new(false, false, false);
    }

    /// <summary>One standard as the annual review covers it: what the review backs, and what is missing.</summary>
    public sealed record Coverage(string Standard, string Backed, string Missing);

    /// <summary>
    /// The annual review's standards section: each part of CARF 1.M and 1.N and The Joint Commission's CTS.03.01.09 with
    /// what the review's outputs back and what would be needed for the rest. CARF 1.M efficiency, service access and
    /// satisfaction and CTS.03.01.09 are backed only by the figures <paramref name="held"/> says the year's runs hold;
    /// without them the row says "Not backed." (or "Not claimed.") and names the file whose figures are missing. Kept here
    /// with the mapping it explains.
    /// </summary>
    public static IReadOnlyList<Coverage> AnnualCoverage(Held held) =>
    [
        new("CARF 1.M, effectiveness",
            "The Targets section: each figure a target is set for (completion, dropout, early dropout, retention, follow-up and abstinence at follow-up, as set) for the year with its 95% interval and n, the prior year and the change, judged against the program's own target."
                + (held.InstrumentScores ? " The Measurement-based care section: change on standardized instruments from intake to the last score, with reliable and clinically significant change." : ""),
            "Nothing for the figures shown; a figure without a target is not judged here (the monthly workbook shows it)."),
        held.Referrals
            ? new("CARF 1.M, efficiency",
                "The Access and efficiency section: the days from referral to first contact and from first contact to admission (medians with their 95% intervals), the year against the prior year.",
                "The resources used per person served or per outcome (cost, staff hours, units billed per episode or per completion): the data contract carries no cost, staffing or billing file.")
            : new("CARF 1.M, efficiency",
                "Not backed. Length of stay and the ASAM weekly hours describe the care given, not the resources used to give it.",
                "The time it takes to bring a person into care (referrals.csv, data contract version 2: the year's runs hold no referral figure) and the resources used per person served or per outcome (cost, staff hours, units billed): the data contract carries no cost, staffing or billing file."),
        held.Referrals
            ? new("CARF 1.M, service access",
                "The Access and efficiency section: the days from referral to admission (median with its 95% interval) and the share of referrals admitted within 7 days among every referral whose 7 days have passed, those never admitted counted as not admitted.",
                "–")
            : new("CARF 1.M, service access",
                "Not backed.",
                "The time from a request for service or a referral to the first service (days waiting), and the people waiting or not admitted: the year's runs hold no referral, first-contact or waiting-list date (referrals.csv, data contract version 2, was not sent for the year)."),
        held.Surveys
            ? new("CARF 1.M, satisfaction and experience of care",
                "The Satisfaction section: the mean score and the top-box share of the survey at discharge or follow-up (per instrument and level of care, n the surveys answered), the year against the prior year.",
                "Feedback from other stakeholders (families, referral sources, payers): the data contract carries the persons served's surveys only.")
            : new("CARF 1.M, satisfaction and experience of care",
                "Not backed.",
                "Feedback from the persons served (and other stakeholders) by a survey at discharge or follow-up: the year's runs hold no survey responses (surveys.csv, data contract version 2, was not sent for the year)."),
        new("CARF 1.M, the data",
            "The Data completeness and Measurement system sections: what is collected at each stage, from which file, and how completeness and accuracy are checked."
                + (held.InstrumentScores ? " The Instruments section: each standardized instrument with its range, cut-off, reliability and published source, and how many discharges were scored at intake and again." : ""),
            "–"),
        new("CARF 1.N, performance improvement",
            "Verdicts with their intervals, the quarters, the written analysis and extenuating factors per target, the action plans with owner role, due day, result and measured effect; the missed targets with no action plan counted on the first page.",
            "–"),
        held.InstrumentScores
            ? new("The Joint Commission CTS.03.01.09 (EP 1–3)",
                "EP 1: the Instruments section, the standardized instruments given at intake and repeated in care (from the program's assessments, with their published sources) and the share of discharges scored at least twice. EP 2: the Measurement-based care section, the change from intake to the last score with its 95% interval, the reliable and clinically significant change (Jacobson–Truax) and IOP against PHP adjusted for case mix. EP 3: the written analysis and the action plans, where the program records what it did with the results.",
                "Each individual's own progress toward their goals is in the clinical record, not in a report of the program: the review shows the program's aggregate, and the not-on-track list (outcomes flags not-on-track) the individuals for the quality team.")
            : new("The Joint Commission CTS.03.01.09 (EP 1–3)",
                "Not claimed.",
                "EP 1 needs a standardized tool or instrument that monitors each individual's progress toward their goals (a validated scale given at intake and repeated in care); the year's runs hold no instrument score (assessments.csv, data contract version 2, was not sent for the year, or nobody was scored), only attendance, drug screens, discharges and follow-up contacts, none of them such an instrument, so EP 2 (analysis of its data) and EP 3 (use of the results) cannot rest on it either. The review's analysis and action plans would serve them once such scores are loaded."),
    ];

    /// <summary>The standards as one line, "CARF 1.M (effectiveness); CARF 1.N; SAMHSA NOMS Retention".</summary>
    public static string Line(IEnumerable<Standard> standards) => string.Join("; ", standards.Select(s => $"{s.Body} {s.Reference}"));
}
