namespace Outcomes.Reports.AuditPack;

/// <summary>
/// Which standards each chart is evidence for. CARF Behavioral Health standards section 1.M (performance
/// measurement and management) and 1.N (performance improvement); The Joint Commission Behavioral Health Care
/// standard CTS.03.01.09 (the organization assesses the outcomes of care, treatment or services: EP 1 a
/// standardized way to monitor progress, EP 2 analysis of the data, EP 3 use of the results); and the SAMHSA
/// National Outcome Measures domain the figure reports on.
/// </summary>
internal static class Standards
{
    private static readonly Standard Carf1M = new("CARF", "1.M", "Performance measurement and management: effectiveness, efficiency and service access measures");
    private static readonly Standard Carf1N = new("CARF", "1.N", "Performance improvement: analysis of performance information and its use");
    private static readonly Standard JointCommission = new("The Joint Commission", "CTS.03.01.09 EP 1–3", "Assesses outcomes of care, treatment or services: monitors progress, analyses the data, uses the results");

    private static Standard Noms(string domain) => new("SAMHSA NOMS", domain, $"National Outcome Measures domain: {domain}");

    public static IReadOnlyList<Standard> For(string chartId) => chartId switch
    {
        "retention" or "discharge_outcomes" or "differences" or "course_balance" => [Carf1M, Carf1N, JointCommission, Noms("Retention")],
        "trends" => [Carf1N, JointCommission, Noms("Retention")],
        "attendance" => [Carf1M, JointCommission, Noms("Retention"), Noms("Use of evidence-based practices")],
        "family_involvement" => [Carf1M, JointCommission, Noms("Social connectedness")],
        "relapse" or "abstinence" => [Carf1M, Carf1N, JointCommission, Noms("Reduced morbidity (abstinence from drug and alcohol use)")],
        "calibration" or "risk_distribution" => [Carf1M, Carf1N, JointCommission, Noms("Retention")],
        _ => [Carf1M, JointCommission],
    };

    /// <summary>
    /// Which standards each section of the annual review answers: the targets and their verdicts measure performance
    /// (CARF 1.M) and analyse it (1.N, EP 2); the action plans use the results (1.N, EP 3); completeness and the
    /// measurement system describe how the data are collected and checked (1.M, EP 1).
    /// </summary>
    public static IReadOnlyList<Standard> ForAnnualSection(string section) => section switch
    {
        "targets" => [Carf1M, Carf1N, JointCommission],
        "actions" => [Carf1N, new("The Joint Commission", "CTS.03.01.09 EP 3", "Uses the results of the outcome analysis to improve care, treatment or services")],
        "completeness" => [Carf1M, new("The Joint Commission", "CTS.03.01.09 EP 2", "Analyses the outcome data")],
        "measurement" => [Carf1M, new("The Joint Commission", "CTS.03.01.09 EP 1", "Uses a standardized way to monitor progress")],
        _ => [Carf1M, JointCommission],
    };

    /// <summary>The standards as one line, "CARF 1.M; CARF 1.N; The Joint Commission CTS.03.01.09 EP 1–3".</summary>
    public static string Line(IEnumerable<Standard> standards) => string.Join("; ", standards.Select(s => $"{s.Body} {s.Reference}"));
}
