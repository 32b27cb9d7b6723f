namespace Outcomes.Ingest.Contract;

/// <summary>
/// The code lists of data contract v1. Where a national standard exists the list mirrors it so figures can
/// be compared with it: discharge reasons, referral sources, payers, race, ethnicity and substances follow
/// the Treatment Episode Data Set (TEDS-A/TEDS-D, SAMHSA) categories; levels of care follow the ASAM Criteria.
/// Input is matched without regard to case, and spaces or hyphens count as underscores ("No-Show" = no_show).
/// </summary>
public static class Codes
{
    public static readonly IReadOnlyList<string> LevelOfCare = ["op", "iop", "php", "residential"];

    /// <summary>ASAM Criteria levels (3rd and 4th editions) by level-of-care family.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> AsamLevelsByLevelOfCare =
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["op"] = ["0.5", "1", "1.0", "1.5", "1.7"],
            ["iop"] = ["2.1"],
            ["php"] = ["2.5", "2.7"],
            ["residential"] = ["3.1", "3.2", "3.3", "3.5", "3.7"],
        };

    /// <summary>The level recorded when a program file leaves asam_level empty (residential must say which).</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultAsamLevel = new Dictionary<string, string>
    {
        ["op"] = "1",
        ["iop"] = "2.1",
        ["php"] = "2.5",
    };

    public static readonly IReadOnlyList<string> Sex = ["female", "male", "other", "unknown"];

    // TEDS RACE, with Asian and Pacific Islander kept apart as in current federal standards.
    public static readonly IReadOnlyList<string> Race =
    [
        "american_indian_or_alaska_native", "asian", "black", "native_hawaiian_or_pacific_islander",
        "white", "other", "two_or_more", "unknown",
    ];

    public static readonly IReadOnlyList<string> Ethnicity = ["hispanic", "not_hispanic", "unknown"];

    // TEDS SUB1 groups, with fentanyl separated from other opioids because centers now record it apart.
    public static readonly IReadOnlyList<string> PrimarySubstance =
    [
        "alcohol", "cannabis", "cocaine", "heroin", "fentanyl", "other_opioids", "methamphetamine",
        "other_stimulants", "benzodiazepines", "other_sedatives", "hallucinogens", "inhalants", "other", "unknown",
    ];

    // TEDS PSOURCE.
    public static readonly IReadOnlyList<string> ReferralSource =
    [
        "individual", "alcohol_drug_provider", "other_health_provider", "school", "employer",
        "community", "criminal_justice", "unknown",
    ];

    // TEDS PRIMPAY.
    public static readonly IReadOnlyList<string> Payer =
    [
        "self_pay", "private_insurance", "medicare", "medicaid", "other_government", "no_charge", "other", "unknown",
    ];

    /// <summary>
    /// Discharge reasons; TEDS-D REASON codes in brackets: completed (1), dropped_out (2),
    /// left_against_advice (2, TEDS counts it as dropped out), administrative (3, terminated by facility),
    /// transferred (4), incarcerated (5), died (6), other (7).
    /// </summary>
    public static readonly IReadOnlyList<string> DischargeReason =
    [
        "completed", "dropped_out", "left_against_advice", "administrative", "transferred",
        "incarcerated", "died", "other",
    ];

    public static readonly IReadOnlyList<string> SessionKind =
    [
        "group", "individual", "family", "psychoeducation", "medication_management", "case_management",
    ];

    public static readonly IReadOnlyList<string> SessionStatus =
    [
        "attended", "late", "left_early", "no_show", "cancelled_by_patient", "cancelled_by_program", "excused",
    ];

    /// <summary>Statuses in which the patient was there, so attended minutes must be above zero.</summary>
    public static readonly IReadOnlyList<string> PresentStatuses = ["attended", "late", "left_early"];

    public static readonly IReadOnlyList<string> FamilyContactKind =
    [
        "family_session", "multi_family_group", "family_education", "phone", "visit", "other",
    ];

    public static readonly IReadOnlyList<string> ScreenResult = ["negative", "positive", "dilute", "refused", "invalid"];

    public static readonly IReadOnlyList<string> Substance =
    [
        "alcohol", "amphetamines", "barbiturates", "benzodiazepines", "buprenorphine", "cannabis", "cocaine",
        "fentanyl", "methadone", "methamphetamine", "opiates", "oxycodone", "pcp", "tramadol", "xylazine", "other",
    ];

    public static readonly IReadOnlyList<string> RelapseKind = ["self_report", "readmission", "overdose", "other"];

    public static readonly IReadOnlyList<string> Abstinent = ["yes", "no", "unknown"];
}
