namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// Drug screens during care: an intake screen on the day of admission, then weekly in IOP, twice a week in PHP
/// and every other week in outpatient care. Rates are assumptions; positive screens cluster before a dropout
/// (relapse during care) and among untreated opioid patients.
/// </summary>
internal static class ScreeningRates
{
    public const double DiluteShare = 0.03;

    public const double InvalidShare = 0.005;

    /// <summary>A later screen is positive with this base chance ...</summary>
    public const double LaterPositiveBase = 0.06;

    /// <summary>... more when the intake screen was positive ...</summary>
    public const double AfterPositiveIntake = 0.10;

    /// <summary>... more for an opioid patient without medication ...</summary>
    public const double UntreatedOpioid = 0.08;

    /// <summary>... and up to this much more at an unplanned discharge (rising over the decline days).</summary>
    public const double BeforeDropout = 0.35;

    /// <summary>Refused screens: a base share, and more before a dropout.</summary>
    public const double RefusedBase = 0.01;

    public const double RefusedBeforeDropout = 0.04;

    /// <summary>Share of positive screens showing a second substance besides the primary one.</summary>
    public const double SecondSubstance = 0.25;
}
