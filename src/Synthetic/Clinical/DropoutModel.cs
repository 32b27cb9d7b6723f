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

    private DropoutModel(double[] facilityEffects, double[] intercepts)
    {
        _facilityEffects = facilityEffects;
        _intercepts = intercepts;
    }

    public IReadOnlyList<double> FacilityEffects => _facilityEffects;

    /// <summary>
    /// Share of IOP episodes that are a step-down from PHP, from the entry share and PHP's discharge mix;
    /// the calibration sample has the same mix, since stepped-down patients screen positive less often.
    /// </summary>
    public static double IopStepDownShare
    {
        get
        {
            var php = LevelProfiles.Php;
            var stepDowns = AdmissionRates.PhpEntryShare * php.TargetShare(ContractCodes.Reason.Transferred) * php.StepDownShareOfTransfers;
            return stepDowns / (stepDowns + 1 - AdmissionRates.PhpEntryShare);
        }
    }

    public double Intercept(CareLevel level) => _intercepts[(int)level];

    public double LinearPredictor(in DropoutCovariates x) =>
        _intercepts[(int)x.Level] + _facilityEffects[x.Facility] + Covariates(x);

    public double Probability(in DropoutCovariates x) => Logistic(LinearPredictor(x));

    public static DropoutModel Create(int seed, FacilityRoster facilities)
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

        var intercepts = new double[3];
        foreach (var profile in LevelProfiles.All)
        {
            intercepts[(int)profile.Level] = Calibrate(profile, facilities, effects);
        }

        return new DropoutModel(effects, intercepts);
    }

    private static double Calibrate(LevelProfile profile, FacilityRoster facilities, double[] facilityEffects)
    {
        var random = new SeededRandom(CalibrationSeed + (ulong)profile.Level);
        var rest = new double[CalibrationSize];
        for (var i = 0; i < rest.Length; i++)
        {
            var facility = facilities.Sample(random);
            var steppedDown = profile.Level switch
            {
                CareLevel.Php => false,
                CareLevel.Iop => random.Chance(IopStepDownShare),
                _ => true,
            };
            var entry = profile.Level switch
            {
                CareLevel.Php => CareLevel.Php,
                CareLevel.Iop => steppedDown ? CareLevel.Php : CareLevel.Iop,
                _ => random.Chance(IopStepDownShare) ? CareLevel.Php : CareLevel.Iop,
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
