using Outcomes.Synthetic.Randomness;

namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// What holds for a whole course of care (PHP, then IOP, then OP): medication and family involvement.
/// Drawn the same way when the cohort is generated and when the dropout model is calibrated.
/// </summary>
internal readonly record struct CourseCovariates(bool MedicationForAddictionTreatment, bool FamilyInvolvement)
{
    public static CourseCovariates Sample(SeededRandom random, Patient patient, CareLevel entry) => new(
        random.Chance(AdmissionRates.MedicationShare(patient.PrimarySubstance)),
        random.Chance(AdmissionRates.FamilyInvolvementShare(entry)));

    public static bool SamplePositiveIntake(SeededRandom random, CareLevel level, bool steppedDown) =>
        random.Chance(AdmissionRates.PositiveIntakeShare(level, steppedDown));
}
