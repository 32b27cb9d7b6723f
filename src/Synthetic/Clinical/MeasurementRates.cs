namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// The planted effects of the data-contract-v2 files (docs/synthetic-data.md, "Instruments, referrals and surveys"):
/// symptom trajectories that improve faster in PHP than in IOP, waits from referral to admission, referrals that
/// never lead to an admission, and satisfaction at discharge. Numbers chosen to resemble what the cited studies
/// report; they are the generator's truth, not estimates of any program.
/// </summary>
internal static class MeasurementRates
{
    /// <summary>Days between scheduled symptom measures in care (a fortnightly PHQ-9 and GAD-7, as measurement-based care programs run them).</summary>
    public const int SymptomEveryDays = 14;

    /// <summary>Days between BAM administrations (the BAM asks about the past 30 days; the VA gives it monthly).</summary>
    public const int BamEveryDays = 28;

    /// <summary>Share of scheduled measures in care that are actually administered.</summary>
    public const double MeasureTaken = 0.8;

    /// <summary>Whether a discharge measure is taken: most planned discharges, few unplanned ones (they leave unannounced).</summary>
    public const double DischargeMeasurePlanned = 0.8;

    public const double DischargeMeasureUnplanned = 0.1;

    // Intake PHQ-9 in the moderate band and GAD-7 just below it: depressive and anxious symptoms are common and mostly
    // moderate at entry to substance-use treatment, and fall steeply over the first weeks of abstinence and care
    // (Brown SA, Schuckit MA. Changes in depression among abstinent alcoholics. J Stud Alcohol 1988;49(5):412-417).
    public const double Phq9IntakeMean = 13;
    public const double Phq9IntakeSd = 5;
    public const double Phq9Floor = 4;
    public const double Gad7IntakeMean = 10;
    public const double Gad7IntakeSd = 4.5;
    public const double Gad7Floor = 3;

    // The PCL-5 is given to patients with a co-occurring disorder (trauma screening), in the range Bovin et al. 2016
    // report for veterans in care; its floor lies below the cut-off of 33.
    public const double Pcl5Share = 0.35;
    public const double Pcl5IntakeMean = 40;
    public const double Pcl5IntakeSd = 14;
    public const double Pcl5Floor = 18;

    /// <summary>
    /// The planted level effect: the share of the distance to the floor closed each week of care. More hours of care
    /// a week, faster improvement: PHP (about 20 hours a week, for about 3 weeks) closes over four times the weekly share
    /// IOP (about 9 hours, for about 8 weeks) does, so that an episode of PHP improves more than one of IOP.
    /// </summary>
    public static double WeeklyImprovement(CareLevel level) => level switch
    {
        CareLevel.Php => 0.35,
        CareLevel.Iop => 0.08,
        _ => 0.05,
    };

    /// <summary>Patients heading for an unplanned discharge improve at this fraction of their level's rate.</summary>
    public const double UnplannedImprovementFactor = 0.5;

    /// <summary>
    /// Measurement error of one administration, as a share of the intake spread: sqrt(1 - r) with the test-retest
    /// reliability about 0.84 (Kroenke et al. 2001), so that the planted scores are as noisy as the instrument.
    /// </summary>
    public const double ErrorShareOfSd = 0.4;

    // BAM subscales at intake and their floors (use and risk fall, protection rises), on the VA scoring's ranges.
    public const double BamUseIntake = 5;
    public const double BamRiskIntake = 12;
    public const double BamProtectiveIntake = 10;
    public const double BamUseFloor = 0.5;
    public const double BamRiskFloor = 6;
    public const double BamProtectiveCeiling = 17;

    // Waits from referral to admission, in days (log-normal: median, spread). Most admissions wait under a week, as TEDS-A's
    // days-waiting item (DAYWAIT) records them; the planted difference: PHP waits longer from assessment to admission
    // (a place in the program must open).
    public const double FirstContactMedianDays = 1.5;
    public const double FirstContactSigma = 0.9;
    public const double AssessmentMedianDays = 2;
    public const double AssessmentSigma = 0.8;

    public static double AdmissionMedianDays(CareLevel level) => level == CareLevel.Php ? 3 : 1.5;

    public const double AdmissionSigma = 0.8;

    /// <summary>The longest planted wait of each step, so that an intake score stays within 30 days of admission.</summary>
    public const int MaxStepDays = 9;

    /// <summary>
    /// Referrals that never lead to an admission, per admitted course: about one referral in four is lost before
    /// admission, more the longer the first contact takes (Festinger DS, Lamb RJ, Kountz MR, Kirby KC, Marlowe D.
    /// Pretreatment dropout as a function of treatment delay and client variables. Addict Behav 1995;20(1):111-115).
    /// </summary>
    public const double UnadmittedPerCourse = 1.0 / 3;

    public const double UnadmittedFirstContactMedianDays = 5;
    public const double UnadmittedNeverContacted = 0.3;
    public const double UnadmittedNotAssessed = 0.4;

    // Satisfaction at discharge (CSQ-8, 8-32): scores crowd the top of the scale (Attkisson and Zwick 1982); completers
    // rate care higher than those who leave early, and PHP a little higher than IOP (planted).
    public const double SurveyPlanned = 0.7;
    public const double SurveyUnplanned = 0.15;
    public const double Csq8Completed = 27;
    public const double Csq8Unplanned = 23;
    public const double Csq8PhpShift = 1;
    public const double Csq8Sd = 3.5;
    public const double NetPromoterAnswered = 0.8;
}
