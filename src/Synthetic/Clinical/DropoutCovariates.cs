namespace Outcomes.Synthetic.Clinical;

/// <summary>What the planted dropout model looks at for one episode.</summary>
internal readonly record struct DropoutCovariates(
    CareLevel Level,
    int Facility,
    int Age,
    bool CoOccurringDisorder,
    bool MedicationForAddictionTreatment,
    bool FamilyInvolvement,
    bool PositiveIntakeScreen);
