using Outcomes.Ingest.Contract;

namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// The codes the generator writes, each taken from the data contract's own lists (<see cref="Codes"/>): a code
/// the contract does not know fails here, at start-up, instead of quarantining a million generated rows.
/// </summary>
internal static class ContractCodes
{
    public static string Of(IReadOnlyList<string> list, string code) =>
        list.Contains(code) ? code : throw new InvalidOperationException($"'{code}' is not a code of the data contract list it is taken from.");

    public static class Reason
    {
        public static readonly string Completed = Of(Codes.DischargeReason, "completed");
        public static readonly string DroppedOut = Of(Codes.DischargeReason, "dropped_out");
        public static readonly string LeftAgainstAdvice = Of(Codes.DischargeReason, "left_against_advice");
        public static readonly string Administrative = Of(Codes.DischargeReason, "administrative");
        public static readonly string Transferred = Of(Codes.DischargeReason, "transferred");
        public static readonly string Incarcerated = Of(Codes.DischargeReason, "incarcerated");
        public static readonly string Died = Of(Codes.DischargeReason, "died");
        public static readonly string Other = Of(Codes.DischargeReason, "other");

        /// <summary>Unplanned discharges, as docs/metrics.md defines dropout (TEDS-D REASON 2 and 3).</summary>
        public static bool IsUnplanned(string reason) => reason == DroppedOut || reason == LeftAgainstAdvice || reason == Administrative;
    }

    public static class SessionKind
    {
        public static readonly string Group = Of(Codes.SessionKind, "group");
        public static readonly string Individual = Of(Codes.SessionKind, "individual");
        public static readonly string Family = Of(Codes.SessionKind, "family");
        public static readonly string Psychoeducation = Of(Codes.SessionKind, "psychoeducation");
        public static readonly string MedicationManagement = Of(Codes.SessionKind, "medication_management");
        public static readonly string CaseManagement = Of(Codes.SessionKind, "case_management");
    }

    public static class SessionStatus
    {
        public static readonly string Attended = Of(Codes.SessionStatus, "attended");
        public static readonly string Late = Of(Codes.SessionStatus, "late");
        public static readonly string LeftEarly = Of(Codes.SessionStatus, "left_early");
        public static readonly string NoShow = Of(Codes.SessionStatus, "no_show");
        public static readonly string CancelledByPatient = Of(Codes.SessionStatus, "cancelled_by_patient");
        public static readonly string CancelledByProgram = Of(Codes.SessionStatus, "cancelled_by_program");
        public static readonly string Excused = Of(Codes.SessionStatus, "excused");
    }

    public static class ScreenResult
    {
        public static readonly string Negative = Of(Codes.ScreenResult, "negative");
        public static readonly string Positive = Of(Codes.ScreenResult, "positive");
        public static readonly string Dilute = Of(Codes.ScreenResult, "dilute");
        public static readonly string Refused = Of(Codes.ScreenResult, "refused");
        public static readonly string Invalid = Of(Codes.ScreenResult, "invalid");
    }

    public static class FamilyContact
    {
        public static readonly string FamilyEducation = Of(Codes.FamilyContactKind, "family_education");
        public static readonly string MultiFamilyGroup = Of(Codes.FamilyContactKind, "multi_family_group");
        public static readonly string Phone = Of(Codes.FamilyContactKind, "phone");
    }

    public static class Relapse
    {
        public static readonly string SelfReport = Of(Codes.RelapseKind, "self_report");
        public static readonly string Readmission = Of(Codes.RelapseKind, "readmission");
        public static readonly string Overdose = Of(Codes.RelapseKind, "overdose");
        public static readonly string Other = Of(Codes.RelapseKind, "other");
    }

    public static class Abstinent
    {
        public static readonly string Yes = Of(Codes.Abstinent, "yes");
        public static readonly string No = Of(Codes.Abstinent, "no");
        public static readonly string Unknown = Of(Codes.Abstinent, "unknown");
    }

    /// <summary>What a urine drug screen reports for each primary substance (TEDS SUB1 group to lab panel).</summary>
    public static readonly IReadOnlyDictionary<string, string> ScreenSubstanceFor = new Dictionary<string, string>
    {
        [Of(Codes.PrimarySubstance, "alcohol")] = Of(Codes.Substance, "alcohol"),
        [Of(Codes.PrimarySubstance, "cannabis")] = Of(Codes.Substance, "cannabis"),
        [Of(Codes.PrimarySubstance, "cocaine")] = Of(Codes.Substance, "cocaine"),
        [Of(Codes.PrimarySubstance, "heroin")] = Of(Codes.Substance, "opiates"),
        [Of(Codes.PrimarySubstance, "fentanyl")] = Of(Codes.Substance, "fentanyl"),
        [Of(Codes.PrimarySubstance, "other_opioids")] = Of(Codes.Substance, "oxycodone"),
        [Of(Codes.PrimarySubstance, "methamphetamine")] = Of(Codes.Substance, "methamphetamine"),
        [Of(Codes.PrimarySubstance, "other_stimulants")] = Of(Codes.Substance, "amphetamines"),
        [Of(Codes.PrimarySubstance, "benzodiazepines")] = Of(Codes.Substance, "benzodiazepines"),
        [Of(Codes.PrimarySubstance, "other_sedatives")] = Of(Codes.Substance, "barbiturates"),
        [Of(Codes.PrimarySubstance, "hallucinogens")] = Of(Codes.Substance, "pcp"),
        [Of(Codes.PrimarySubstance, "inhalants")] = Of(Codes.Substance, "other"),
        [Of(Codes.PrimarySubstance, "other")] = Of(Codes.Substance, "other"),
        [Of(Codes.PrimarySubstance, "unknown")] = Of(Codes.Substance, "other"),
    };

    /// <summary>Second substances found beside the primary one (polysubstance use), most common first.</summary>
    public static readonly IReadOnlyList<string> SecondaryScreenSubstances =
    [
        Of(Codes.Substance, "cannabis"), Of(Codes.Substance, "benzodiazepines"), Of(Codes.Substance, "cocaine"),
        Of(Codes.Substance, "fentanyl"), Of(Codes.Substance, "methamphetamine"),
    ];

    public static bool IsOpioid(string primarySubstance) => primarySubstance is "heroin" or "fentanyl" or "other_opioids";
}
