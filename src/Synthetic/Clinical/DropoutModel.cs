using Outcomes.Synthetic.Cohort;
using Outcomes.Synthetic.Randomness;

namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// The planted truth about dropout: the chance of an unplanned discharge is logistic in the episode's
/// covariates, with the effects of <see cref="DropoutEffects"/>, one effect per facility, and an intercept per
/// level of care calibrated so that each level's share of unplanned discharges meets its target mix.
/// </summary>
internal sealed class DropoutModel
{
    private const int CalibrationSize = 20_000;
    private const ulong CalibrationSeed = 20_240_601;

    private readonly double[] _intercepts;
    private readonly double[] _facilityEffects;
    private readonly double[] _phpEntryShares;

    private DropoutModel(double[] facilityEffects, double[] phpEntryShares, double[] intercepts)
    {
        _facilityEffects = facilityEffects;
        _phpEntryShares = phpEntryShares;
        _intercepts = intercepts;
    }

    public IReadOnlyList<double> FacilityEffects => _facilityEffects;

    /// <summary>The share of courses each facility begins in PHP, in facility order.</summary>
    public IReadOnlyList<double> PhpEntryShares => _phpEntryShares;

    /// <summary>
    /// Share of a facility's IOP episodes that are a step-down from PHP, from its PHP entry share and PHP's discharge
    /// mix; the calibration sample has the same mix, since stepped-down patients screen positive less often.
    /// </summary>
    public static double IopStepDownShare(double phpEntryShare)
    {
        var stepDowns = phpEntryShare * PhpStepDownShare;
        return stepDowns / (stepDowns + 1 - phpEntryShare);
    }

    /// <summary>Share of PHP stays that step down to IOP.</summary>
    private static double PhpStepDownShare => LevelProfiles.Php.TargetShare(ContractCodes.Reason.Transferred) * LevelProfiles.Php.StepDownShareOfTransfers;

    public double Intercept(CareLevel level) => _intercepts[(int)level];

    public double LinearPredictor(in DropoutCovariates x) =>
        _intercepts[(int)x.Level] + _facilityEffects[x.Facility] + Covariates(x);

    public double Probability(in DropoutCovariates x) => Logistic(LinearPredictor(x));

    /// <param name="phpEntryShares">the share of courses each facility begins in PHP; null for <see cref="FacilityEntryShares.Confounded"/></param>
    public static DropoutModel Create(int seed, FacilityRoster facilities, IReadOnlyList<double>? phpEntryShares = null)
    {
        var random = SeededRandom.For(seed, RandomStream.Facility);
        var effects = new double[facilities.Count];
        for (var i = 0; i < effects.Length; i++)
        {
            effects[i] = DropoutEffects.FacilitySpread * random.Normal();
        }

        // Centred on the admission-weighted mean, so the facilities differ without moving the cohort's mix.
        var mean = effects.Select((e, i) => e * facilities.Weights[i]).Sum() / facilities.Weights.Sum();
        for (var i = 0; i < effects.Length; i++)
        {
            effects[i] -= mean;
        }

        var shares = phpEntryShares?.ToArray() ?? FacilityEntryShares.Confounded(effects, facilities.Weights);
        var intercepts = new double[3];
        foreach (var profile in LevelProfiles.All)
        {
            intercepts[(int)profile.Level] = Calibrate(profile, facilities, effects, shares);
        }

        return new DropoutModel(effects, shares, intercepts);
    }

    private static double Calibrate(LevelProfile profile, FacilityRoster facilities, double[] facilityEffects, double[] phpEntryShares)
    {
        var random = new SeededRandom(CalibrationSeed + (ulong)profile.Level);
        // A level's stays come from the facilities in proportion to their admissions and the share that reach the level:
        // PHP stays from the courses begun in PHP, IOP stays from those begun in IOP and PHP's step-downs.
        var facilityOfStay = new WeightedChoice<int>([.. Enumerable.Range(0, facilities.Count).Select(f => (f, facilities.Weights[f] * profile.Level switch
        {
            CareLevel.Php => phpEntryShares[f],
            CareLevel.Iop => 1 - phpEntryShares[f] + phpEntryShares[f] * PhpStepDownShare,
            _ => 1.0,
        }))]);
        var rest = new double[CalibrationSize];
        for (var i = 0; i < rest.Length; i++)
        {
            var facility = facilityOfStay.Sample(random);
            var stepDownShare = IopStepDownShare(phpEntryShares[facility]);
            var steppedDown = profile.Level switch
            {
                CareLevel.Php => false,
                CareLevel.Iop => random.Chance(stepDownShare),
                _ => true,
            };
            var entry = profile.Level switch
            {
                CareLevel.Php => CareLevel.Php,
                CareLevel.Iop => steppedDown ? CareLevel.Php : CareLevel.Iop,
                _ => random.Chance(stepDownShare) ? CareLevel.Php : CareLevel.Iop,
            };
            var patient = Patient.Sample(random, entry);
            var course = CourseCovariates.Sample(random, patient, entry);
            var x = new DropoutCovariates(
                profile.Level, facility, patient.AgeAtFirstAdmission, patient.CoOccurringDisorder,
                course.MedicationForAddictionTreatment, course.FamilyInvolvement,
                CourseCovariates.SamplePositiveIntake(random, profile.Level, steppedDown));
            rest[i] = facilityEffects[facility] + Covariates(x);
        }

        // The mean chance rises with the intercept, so bisection finds the one that meets the target.
        double low = -10, high = 10;
        for (var iteration = 0; iteration < 60; iteration++)
        {
            var mid = (low + high) / 2;
            var mean = rest.Average(r => Logistic(mid + r));
            if (mean < profile.UnplannedShare)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return (low + high) / 2;
    }

    /// <summary>The covariates' part of the linear predictor (no intercept, no facility).</summary>
    private static double Covariates(in DropoutCovariates x) =>
        (x.FamilyInvolvement ? DropoutEffects.FamilyInvolvement : 0)
        + (x.MedicationForAddictionTreatment ? DropoutEffects.MedicationForAddictionTreatment : 0)
        + (x.PositiveIntakeScreen ? DropoutEffects.PositiveIntakeScreen : 0)
        + (x.CoOccurringDisorder ? DropoutEffects.CoOccurringDisorder : 0)
        + DropoutEffects.PerTenYearsYounger * (DropoutEffects.ReferenceAge - x.Age) / 10.0;

    private static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
