namespace Outcomes.Synthetic.Cohort;

/// <summary>
/// The share of courses each facility begins in PHP when a cohort does not set them (<see cref="CohortOptions.PhpEntryShares"/>):
/// facilities differ, and the one with the highest planted dropout begins the most courses in PHP, as a referral network
/// sends its sicker catchments to the facility with the partial-hospitalisation beds. A comparison of IOP and PHP that
/// ignores the facility then books the facility's dropout to PHP (assumption: the direction and size are illustrative).
/// </summary>
internal static class FacilityEntryShares
{
    /// <summary>The admission-weighted mean of the shares: three in ten courses begin in PHP across the cohort.</summary>
    public const double Mean = Clinical.AdmissionRates.PhpEntryShare;

    /// <summary>
    /// How far apart the facilities' shares are on the log-odds scale: the facility with the lowest dropout and the
    /// one with the highest sit this far below and above the middle (about 15% and 50% around 30%).
    /// </summary>
    public const double LogOddsSpread = 0.6;

    /// <param name="facilityEffects">each facility's planted dropout effect, in facility order</param>
    /// <param name="weights">each facility's share of admissions (any scale), in facility order</param>
    public static double[] Confounded(IReadOnlyList<double> facilityEffects, IReadOnlyList<double> weights)
    {
        var count = facilityEffects.Count;
        if (count == 1)
        {
            return [Mean];
        }

        // Rank by dropout (ties by facility order), spread evenly from −spread to +spread.
        var position = new double[count];
        var ranked = Enumerable.Range(0, count).OrderBy(i => facilityEffects[i]).ThenBy(i => i).ToArray();
        for (var rank = 0; rank < count; rank++)
        {
            position[ranked[rank]] = LogOddsSpread * (2.0 * rank / (count - 1) - 1);
        }

        // Shift on the log-odds scale until the admission-weighted mean is the cohort's share (the mean rises with the
        // shift, so bisection finds it).
        double low = -10, high = 10;
        for (var iteration = 0; iteration < 60; iteration++)
        {
            var mid = (low + high) / 2;
            var mean = Enumerable.Range(0, count).Sum(i => weights[i] * Logistic(mid + position[i])) / weights.Sum();
            if (mean < Mean)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        var shift = (low + high) / 2;
        return [.. position.Select(p => Logistic(shift + p))];
    }

    private static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
