namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// The planted effects on the chance of an unplanned discharge (dropout), as log odds ratios of a logistic model.
/// docs/synthetic-data.md gives each source in words; truth/effects.csv repeats them with every generated cohort.
/// </summary>
internal static class DropoutEffects
{
    /// <summary>
    /// Family or significant-other involvement, odds ratio 0.65. Ariss and Fairbairn 2020 (J Consult Clin Psychol
    /// 88:526) found d = 0.24 for significant-other-involved treatment; d converts to a log odds ratio as
    /// d times pi over root 3 (Chinn 2000), 0.44, so OR 0.65. Applied to dropout: an assumption.
    /// </summary>
    public static readonly double FamilyInvolvement = Math.Log(0.65);

    /// <summary>
    /// Medication for addiction treatment, odds ratio 0.55. Buprenorphine retains patients better than placebo
    /// at every dose (Mattick et al. 2014, Cochrane, retention RR 1.50-1.82); 0.55 is a conservative reading
    /// for a psychosocial program where medication is added.
    /// </summary>
    public static readonly double MedicationForAddictionTreatment = Math.Log(0.55);

    /// <summary>
    /// A positive drug screen at intake, odds ratio 2.0. A positive baseline urine predicted attrition (Alterman
    /// et al. 1996 and 1997: patients with one were less than half as likely to complete); 2.0 is a conservative
    /// reading for a mixed-substance program.
    /// </summary>
    public static readonly double PositiveIntakeScreen = Math.Log(2.0);

    /// <summary>
    /// A co-occurring mental-health disorder, odds ratio 1.28 of not completing treatment (Krawczyk et al. 2017,
    /// Drug Alcohol Depend 175:157, TEDS-D 2009-2011, adjusted).
    /// </summary>
    public static readonly double CoOccurringDisorder = Math.Log(1.28);

    /// <summary>
    /// Younger age, odds ratio 1.25 per ten years younger than 40. Younger age is the one demographic risk factor
    /// that held across studies (Brorson et al. 2013, Clin Psychol Rev 33:1010); the size is an assumption.
    /// </summary>
    public static readonly double PerTenYearsYounger = Math.Log(1.25);

    /// <summary>The age at which the age term is zero.</summary>
    public const double ReferenceAge = 40;

    /// <summary>
    /// Facilities differ: each facility's log odds is drawn from a normal distribution with this spread
    /// (assumption), then centred so the cohort's overall mix stays on target.
    /// </summary>
    public const double FacilitySpread = 0.35;
}
