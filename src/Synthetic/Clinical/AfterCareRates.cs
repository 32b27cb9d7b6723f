namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// What happens after discharge: relapse, readmission, and the program's follow-up calls. Relapse within a year
/// follows "40% to 60% of patients treated for alcohol or other drug dependence return to active substance use
/// within a year" (McLellan et al. 2000, JAMA 284:1689): 40% after completion, 65% after an unplanned discharge.
/// Reach rates of follow-up calls and the readmission shares are assumptions.
/// </summary>
internal static class AfterCareRates
{
    public const double RelapseWithinYearAfterCompletion = 0.40;

    public const double RelapseWithinYearAfterUnplanned = 0.65;

    public const double RelapseWithinYearOtherwise = 0.50;

    /// <summary>Relapse comes early: the day is 365 times a uniform draw raised to this power (median about 105 days).</summary>
    public const double RelapseTimingPower = 1.8;

    /// <summary>Of relapses, the share that end in a readmission; of those, the share back at the same center.</summary>
    public const double ReadmissionShareOfRelapses = 0.30;

    public const double ReadmittedHereShare = 0.50;

    /// <summary>A readmission here starts in PHP this often (else IOP).</summary>
    public const double ReadmissionToPhpShare = 0.35;

    /// <summary>Of relapses without readmission: overdoses (opioid and other primary substances) ...</summary>
    public const double OverdoseShareOpioid = 0.08;

    public const double OverdoseShareOther = 0.02;

    /// <summary>... and relapses known some other way (the rest are self-reported).</summary>
    public const double OtherKindShare = 0.05;

    /// <summary>During care: a self-reported relapse shortly before an unplanned discharge, or at any time.</summary>
    public const double SelfReportBeforeDropout = 0.25;

    public const double SelfReportDuringCare = 0.06;

    public static readonly IReadOnlyList<int> FollowUpDays = [30, 90, 180];

    /// <summary>Share of follow-up calls that reach the patient, for the days above.</summary>
    public static readonly IReadOnlyList<double> FollowUpReach = [0.60, 0.50, 0.40];

    /// <summary>Completers are easier to reach, patients who left unplanned harder.</summary>
    public const double ReachAfterCompletion = 0.10;

    public const double ReachAfterUnplanned = -0.10;

    /// <summary>Reached patients who do not say whether they used.</summary>
    public const double AbstinenceUnanswered = 0.04;
}
