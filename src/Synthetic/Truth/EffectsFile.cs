using System.Globalization;
using static System.FormattableString;
using System.Text;
using Outcomes.Synthetic.Clinical;
using Outcomes.Synthetic.Cohort;
using Outcomes.Synthetic.Output;

namespace Outcomes.Synthetic.Truth;

/// <summary>
/// truth/effects.csv: the planted effects, as log odds and odds ratios of logistic models. For the outcome
/// unplanned_discharge (dropout) they are the model every episode's chance was drawn from; for the outcomes
/// co_occurring_disorder and positive_intake_screen they say how much more severe PHP admissions are.
/// </summary>
internal static class EffectsFile
{
    public const string FileName = "effects.csv";

    public const string Dropout = "unplanned_discharge";

    public static void Write(string folder, DropoutModel model, FacilityRoster facilities)
    {
        var rows = new List<(string Outcome, string Term, double LogOdds, string Source)>
        {
            (Dropout, "intercept_iop", model.Intercept(CareLevel.Iop), Invariant($"calibrated: IOP unplanned share {LevelProfiles.Iop.UnplannedShare:0.###} (TEDS-D intensive outpatient)")),
            (Dropout, "intercept_php", model.Intercept(CareLevel.Php), Invariant($"calibrated: PHP unplanned share {LevelProfiles.Php.UnplannedShare:0.###} (assumption)")),
            (Dropout, "intercept_op", model.Intercept(CareLevel.Op), Invariant($"calibrated: outpatient unplanned share {LevelProfiles.Op.UnplannedShare:0.###} (TEDS-D outpatient)")),
            (Dropout, "php_vs_iop", model.Intercept(CareLevel.Php) - model.Intercept(CareLevel.Iop), "PHP against IOP for the same patient: the level-of-care effect an adjusted comparison should recover"),
            (Dropout, "family_involvement", DropoutEffects.FamilyInvolvement, "Ariss and Fairbairn 2020, d = 0.24 converted (Chinn 2000); applied to dropout as an assumption"),
            (Dropout, "medication_for_addiction_treatment", DropoutEffects.MedicationForAddictionTreatment, "Mattick et al. 2014 (Cochrane): buprenorphine retains patients; conservative reading"),
            (Dropout, "positive_intake_screen", DropoutEffects.PositiveIntakeScreen, "Alterman et al. 1996 and 1997: a positive baseline urine predicts attrition; conservative reading"),
            (Dropout, "co_occurring_disorder", DropoutEffects.CoOccurringDisorder, "Krawczyk et al. 2017: adjusted OR 1.28 of not completing (TEDS-D 2009-2011)"),
            (Dropout, "per_10_years_younger_than_40", DropoutEffects.PerTenYearsYounger, "Brorson et al. 2013: younger age is a consistent risk factor; size is an assumption"),
        };
        for (var i = 0; i < facilities.Count; i++)
        {
            rows.Add((Dropout, "facility:" + facilities.Ids[i], model.FacilityEffects[i], Invariant($"drawn from a normal distribution with spread {DropoutEffects.FacilitySpread} (assumption), centred")));
        }

        rows.Add(("co_occurring_disorder", "php_vs_iop_admission", LogOddsRatio(AdmissionRates.CoOccurringShare(CareLevel.Php), AdmissionRates.CoOccurringShare(CareLevel.Iop)),
            Invariant($"PHP admissions more severe: co-occurring {AdmissionRates.CoOccurringShare(CareLevel.Php):0.##} against {AdmissionRates.CoOccurringShare(CareLevel.Iop):0.##}")));
        rows.Add(("positive_intake_screen", "php_vs_iop_admission", LogOddsRatio(AdmissionRates.PositiveIntakeShare(CareLevel.Php, false), AdmissionRates.PositiveIntakeShare(CareLevel.Iop, false)),
            Invariant($"PHP admissions more severe: recent use {AdmissionRates.PositiveIntakeShare(CareLevel.Php, false):0.##} against {AdmissionRates.PositiveIntakeShare(CareLevel.Iop, false):0.##} (assumption)")));

        var text = new StringBuilder(CsvLine.Join("outcome", "term", "log_odds", "odds_ratio", "source"));
        foreach (var (outcome, term, logOdds, source) in rows)
        {
            text.Append(CsvLine.Join(outcome, term, logOdds.ToString("0.000000", CultureInfo.InvariantCulture), Math.Exp(logOdds).ToString("0.000000", CultureInfo.InvariantCulture), source));
        }

        File.WriteAllText(Path.Combine(folder, FileName), text.ToString(), new UTF8Encoding(false));
    }

    private static double LogOddsRatio(double p1, double p0) => Math.Log(p1 / (1 - p1)) - Math.Log(p0 / (1 - p0));
}
