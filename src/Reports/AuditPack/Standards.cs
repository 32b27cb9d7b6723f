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
    /// their verdicts measure effectiveness (CARF 1.M, not efficiency, access or satisfaction: the data hold none of
    /// those) and analyse it (1.N), as do the quarters and the written analysis; the action plans use the results (1.N);
    /// completeness and the measurement system describe the data (1.M). No section claims The Joint Commission's
    /// CTS.03.01.09: it needs a standardized instrument the data do not hold (<see cref="AnnualCoverage"/>).
    /// </summary>
    public static IReadOnlyList<Standard> ForAnnualSection(string section) => section switch
    {
        "targets" => [Carf1MEffectiveness, Carf1N],
        "quarters" or "analysis" or "actions" => [Carf1N],
        "completeness" or "measurement" => [Carf1MData],
        _ => [],
    };

    /// <summary>One standard as the annual review covers it: what the review backs, and what is missing.</summary>
    public sealed record Coverage(string Standard, string Backed, string Missing);

    /// <summary>
    /// The annual review's standards section: each part of CARF 1.M and 1.N and The Joint Commission's CTS.03.01.09 with
    /// what the review's outputs back and what would be needed for the rest. Kept here with the mapping it explains.
    /// </summary>
    public static readonly IReadOnlyList<Coverage> AnnualCoverage =
    [
        new("CARF 1.M, effectiveness",
            "The Targets section: each figure a target is set for (completion, dropout, early dropout, retention, follow-up and abstinence at follow-up, as set) for the year with its 95% interval and n, the prior year and the change, judged against the program's own target.",
            "Nothing for the figures shown; a figure without a target is not judged here (the monthly workbook shows it)."),
        new("CARF 1.M, efficiency",
            "Not backed. Length of stay and the ASAM weekly hours describe the care given, not the resources used to give it.",
            "The resources used per person served or per outcome (cost, staff hours, units billed per episode or per completion): the data contract carries no cost, staffing or billing file."),
        new("CARF 1.M, service access",
            "Not backed.",
            "The time from a request for service or a referral to the first service (days waiting), and the people waiting or not admitted: the data contract holds the admission date only, no referral, first-contact or waiting-list date."),
        new("CARF 1.M, satisfaction and experience of care",
            "Not backed.",
            "Feedback from the persons served (and other stakeholders) by a survey at discharge or follow-up: the data contract carries no survey responses."),
        new("CARF 1.M, the data",
            "The Data completeness and Measurement system sections: what is collected at each stage, from which file, and how completeness and accuracy are checked.",
            "–"),
        new("CARF 1.N, performance improvement",
            "Verdicts with their intervals, the quarters, the written analysis and extenuating factors per target, the action plans with owner role, due day, result and measured effect; the missed targets with no action plan counted on the first page.",
            "–"),
        new("The Joint Commission CTS.03.01.09 (EP 1–3)",
            "Not claimed.",
            "EP 1 needs a standardized tool or instrument that monitors each individual's progress toward their goals (a validated scale given at intake and repeated in care); the data hold attendance, drug screens, discharges and follow-up contacts, none of them such an instrument, so EP 2 (analysis of its data) and EP 3 (use of the results) cannot rest on it either. The review's analysis and action plans would serve them once such scores are loaded."),
    ];

    /// <summary>The standards as one line, "CARF 1.M (effectiveness); CARF 1.N; SAMHSA NOMS Retention".</summary>
    public static string Line(IEnumerable<Standard> standards) => string.Join("; ", standards.Select(s => $"{s.Body} {s.Reference}"));
}
