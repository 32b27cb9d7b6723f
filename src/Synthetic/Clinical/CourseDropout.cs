using static Outcomes.Synthetic.Clinical.ContractCodes;

namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// The true chance that a course's intensive care ends in an unplanned discharge, by the level it begins in, from the
/// planted dropout model and the pathway's own rules: a course that begins in IOP ends unplanned with the IOP chance; one
/// that begins in PHP ends unplanned in PHP, or completes PHP as a transfer, steps down to IOP and ends unplanned there.
/// What the patient brings is the same either way: age, a co-occurring disorder, medication (set by the primary
/// substance), the facility and the screen at the first intake (recent use, a mark of severity). What the level brings
/// is averaged over its planted shares: family involvement (<see cref="AdmissionRates.FamilyInvolvementShare"/>) and the
/// screen at a step-down's intake. The difference is the effect of the starting level alone, through every path.
/// </summary>
internal static class CourseDropout
{
    public static double Probability(DropoutModel model, CareLevel entry, in DropoutCovariates firstStay)
    {
        var family = AdmissionRates.FamilyInvolvementShare(entry);
        return family * Given(model, entry, firstStay with { FamilyInvolvement = true })
            + (1 - family) * Given(model, entry, firstStay with { FamilyInvolvement = false });
    }

    private static double Given(DropoutModel model, CareLevel entry, DropoutCovariates firstStay)
    {
        var first = model.Probability(firstStay with { Level = entry });
        if (entry != CareLevel.Php)
        {
            return first;
        }

        var php = LevelProfiles.Php;
        var stepDown = php.PlannedReasons.ShareOf(Reason.Transferred) * php.StepDownShareOfTransfers;
        var positive = AdmissionRates.PositiveIntakeShare(CareLevel.Iop, steppedDown: true);
        var afterStepDown = positive * model.Probability(firstStay with { Level = CareLevel.Iop, PositiveIntakeScreen = true })
            + (1 - positive) * model.Probability(firstStay with { Level = CareLevel.Iop, PositiveIntakeScreen = false });
        return first + (1 - first) * stepDown * afterStepDown;
    }
}
