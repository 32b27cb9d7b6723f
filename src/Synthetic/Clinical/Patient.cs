namespace Outcomes.Synthetic.Clinical;

/// <summary>A generated patient as admitted for the first time; what the record shows and what is true.</summary>
internal sealed record Patient(
    int AgeAtFirstAdmission,
    string Sex,
    string Race,
    string Ethnicity,
    string PrimarySubstance,
    bool CoOccurringDisorder,
    bool CoOccurringRecordedUnknown,
    string ReferralSource,
    string Payer)
{
    public int AgeAt(DateOnly firstAdmission, DateOnly admission) =>
        AgeAtFirstAdmission + (admission.DayNumber - firstAdmission.DayNumber) / 365;

    public static Patient Sample(Randomness.SeededRandom random, CareLevel entry)
    {
        var (from, to) = AdmissionRates.AgeBand.Sample(random);
        return new Patient(
            random.Between(from, to),
            AdmissionRates.Sex.Sample(random),
            AdmissionRates.Race.Sample(random),
            AdmissionRates.Ethnicity.Sample(random),
            AdmissionRates.PrimarySubstance.Sample(random),
            random.Chance(AdmissionRates.CoOccurringShare(entry)),
            random.Chance(AdmissionRates.CoOccurringRecordedUnknown),
            AdmissionRates.ReferralSource.Sample(random),
            AdmissionRates.Payer.Sample(random));
    }
}
