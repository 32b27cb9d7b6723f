using Outcomes.Ingest.Contract;
using Outcomes.Synthetic.Randomness;
using static Outcomes.Synthetic.Clinical.ContractCodes;

namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// Who is admitted: the make-up of a generated cohort at admission. Demographic shares are rounded after the
/// national admission profile of TEDS-A (SAMHSA) for adults; the rest are assumptions named as such. The
/// source of each, in words, is in docs/synthetic-data.md.
/// </summary>
internal static class AdmissionRates
{
    /// <summary>Assumption: three in ten courses of care begin in PHP, the rest in IOP.</summary>
    public const double PhpEntryShare = 0.30;

    /// <summary>Adult age at admission: bands and shares (TEDS-A, adults, rounded).</summary>
    public static readonly WeightedChoice<(int From, int To)> AgeBand = new(
    [
        ((18, 24), 0.10), ((25, 34), 0.30), ((35, 44), 0.27), ((45, 54), 0.17), ((55, 64), 0.12), ((65, 79), 0.04),
    ]);

    public static readonly WeightedChoice<string> Sex = new(
    [
        (Of(Codes.Sex, "male"), 0.630), (Of(Codes.Sex, "female"), 0.365), (Of(Codes.Sex, "other"), 0.002), (Of(Codes.Sex, "unknown"), 0.003),
    ]);

    public static readonly WeightedChoice<string> Race = new(
    [
        (Of(Codes.Race, "white"), 0.660), (Of(Codes.Race, "black"), 0.160), (Of(Codes.Race, "american_indian_or_alaska_native"), 0.030),
        (Of(Codes.Race, "asian"), 0.012), (Of(Codes.Race, "native_hawaiian_or_pacific_islander"), 0.003), (Of(Codes.Race, "other"), 0.080),
        (Of(Codes.Race, "two_or_more"), 0.035), (Of(Codes.Race, "unknown"), 0.020),
    ]);

    public static readonly WeightedChoice<string> Ethnicity = new(
    [
        (Of(Codes.Ethnicity, "not_hispanic"), 0.82), (Of(Codes.Ethnicity, "hispanic"), 0.14), (Of(Codes.Ethnicity, "unknown"), 0.04),
    ]);

    /// <summary>Primary substance at admission (TEDS SUB1 groups, fentanyl apart from other opioids; rounded, recent years).</summary>
    public static readonly WeightedChoice<string> PrimarySubstance = new(
    [
        (Of(Codes.PrimarySubstance, "alcohol"), 0.330), (Of(Codes.PrimarySubstance, "methamphetamine"), 0.150),
        (Of(Codes.PrimarySubstance, "fentanyl"), 0.120), (Of(Codes.PrimarySubstance, "cannabis"), 0.090),
        (Of(Codes.PrimarySubstance, "heroin"), 0.080), (Of(Codes.PrimarySubstance, "other_opioids"), 0.060),
        (Of(Codes.PrimarySubstance, "cocaine"), 0.050), (Of(Codes.PrimarySubstance, "other_stimulants"), 0.020),
        (Of(Codes.PrimarySubstance, "benzodiazepines"), 0.020), (Of(Codes.PrimarySubstance, "other_sedatives"), 0.010),
        (Of(Codes.PrimarySubstance, "hallucinogens"), 0.010), (Of(Codes.PrimarySubstance, "inhalants"), 0.005),
        (Of(Codes.PrimarySubstance, "other"), 0.045), (Of(Codes.PrimarySubstance, "unknown"), 0.010),
    ]);

    /// <summary>Who referred the patient (TEDS PSOURCE, rounded).</summary>
    public static readonly WeightedChoice<string> ReferralSource = new(
    [
        (Of(Codes.ReferralSource, "individual"), 0.28), (Of(Codes.ReferralSource, "criminal_justice"), 0.24),
        (Of(Codes.ReferralSource, "alcohol_drug_provider"), 0.15), (Of(Codes.ReferralSource, "other_health_provider"), 0.15),
        (Of(Codes.ReferralSource, "community"), 0.12), (Of(Codes.ReferralSource, "school"), 0.01),
        (Of(Codes.ReferralSource, "employer"), 0.01), (Of(Codes.ReferralSource, "unknown"), 0.04),
    ]);

    /// <summary>Primary expected payer (TEDS PRIMPAY where reported, rounded).</summary>
    public static readonly WeightedChoice<string> Payer = new(
    [
        (Of(Codes.Payer, "medicaid"), 0.45), (Of(Codes.Payer, "private_insurance"), 0.22), (Of(Codes.Payer, "self_pay"), 0.08),
        (Of(Codes.Payer, "other_government"), 0.08), (Of(Codes.Payer, "medicare"), 0.04), (Of(Codes.Payer, "no_charge"), 0.04),
        (Of(Codes.Payer, "other"), 0.03), (Of(Codes.Payer, "unknown"), 0.06),
    ]);

    /// <summary>
    /// A co-occurring mental-health disorder: "from 49% to over 60% of persons in treatment settings"
    /// (Psychiatric Services 2009;60(2):217). PHP admits the more severe: 62% against 48% in IOP.
    /// </summary>
    public static double CoOccurringShare(CareLevel entry) => entry == CareLevel.Php ? 0.62 : 0.48;

    /// <summary>Share of patients whose co-occurring status the record leaves unknown (assumption).</summary>
    public const double CoOccurringRecordedUnknown = 0.03;

    /// <summary>
    /// Medication for addiction treatment during the course of care (assumption, by primary substance): MOUD for
    /// more than half of opioid patients, naltrexone or acamprosate for some alcohol patients, rarely otherwise.
    /// </summary>
    public static double MedicationShare(string primarySubstance) =>
        IsOpioid(primarySubstance) ? 0.55 : primarySubstance == "alcohol" ? 0.15 : 0.03;

    /// <summary>Assumption: a family member or significant other takes part in 35% of IOP and 45% of PHP courses.</summary>
    public static double FamilyInvolvementShare(CareLevel entry) => entry == CareLevel.Php ? 0.45 : 0.35;

    /// <summary>
    /// A positive drug screen at intake (recent use). Assumption: 45% at PHP admission, 30% at IOP admission,
    /// 12% when the patient steps down from a higher level (they have been in care for weeks).
    /// </summary>
    public static double PositiveIntakeShare(CareLevel level, bool steppedDown) =>
        steppedDown ? 0.12 : level == CareLevel.Php ? 0.45 : 0.30;
}
