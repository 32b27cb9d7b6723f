namespace Outcomes.Analytics.Adjustment;

/// <summary>
/// The admission characteristics IOP and PHP are compared on, by stay and by course alike: the ones PHP patients
/// differ on at admission (severity proxies in the data contract). Age, then yes-or-no indicators. A characteristic the
/// record leaves unknown (sex, co-occurring disorder, primary substance, referral source and payer sent as
/// <c>unknown</c>; no positive or negative screen at intake) is its own indicator beside the "yes" one, so that the
/// propensity model tells unknown from no: coding unknown as no mixes patients whose record is incomplete — often
/// those who left before an assessment — with those known not to have the characteristic. Medication for addiction
/// treatment is a required yes/no in the contract, so it has no unknown.
/// </summary>
public static class CaseMixCharacteristics
{
    /// <summary>The covariates in order: age in decades, then one indicator per bit of the flags, highest bit first.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "age at admission (decades)",
        "female", "sex unknown",
        "co-occurring disorder", "co-occurring disorder unknown",
        "opioid primary substance", "stimulant primary substance", "primary substance unknown",
        "criminal-justice referral", "referral source unknown",
        "Medicaid", "payer unknown",
        "medication for addiction treatment",
        "positive screen at intake", "no screen at intake",
    ];

    /// <summary>
    /// The indicators of <see cref="Names"/> but the intake screen's, from a patient <c>pt</c> and an episode <c>e</c>,
    /// one bit each, the first in the highest (bit 13 to bit 2), so that ordering by the number orders by each in turn.
    /// The intake screen's two bits (1 and 0) are added by <see cref="IntakeScreenFlags"/>. <c>|</c> and <c>&lt;&lt;</c>
    /// share one precedence in PostgreSQL, hence the brackets.
    /// </summary>
    public const string PatientFlags = """
        ((pt.sex = 'female')::int << 13)
               | ((pt.sex = 'unknown')::int << 12)
               | (coalesce(pt.co_occurring_disorder, false)::int << 11)
               | ((pt.co_occurring_disorder is null)::int << 10)
               | ((pt.primary_substance in ('heroin', 'fentanyl', 'other_opioids'))::int << 9)
               | ((pt.primary_substance in ('cocaine', 'methamphetamine', 'other_stimulants'))::int << 8)
               | ((pt.primary_substance = 'unknown')::int << 7)
               | ((pt.referral_source = 'criminal_justice')::int << 6)
               | ((pt.referral_source = 'unknown')::int << 5)
               | ((pt.payer = 'medicaid')::int << 4)
               | ((pt.payer = 'unknown')::int << 3)
               | (e.medication_for_addiction_treatment::int << 2)
        """;

    /// <summary>
    /// The intake screen's two bits from a row <c>i</c> (<c>episode_key</c>, <c>positive</c>) left-joined on the episode,
    /// one per episode with a positive or negative screen within <c>OutcomeDefinitions.IntakeScreenDays</c> of admission
    /// (recent use), <c>positive</c> whether one was positive: bit 1 a positive screen at intake, bit 0 no screen with a
    /// result at intake. Dilute, refused and invalid screens tell nothing about use.
    /// </summary>
    public const string IntakeScreenFlags = "(coalesce(i.positive, false)::int << 1) | (i.episode_key is null)::int";

    /// <summary>The covariates of an admission from its age in years and its flags (<see cref="PatientFlags"/> and <see cref="IntakeScreenFlags"/>).</summary>
    public static double[] Covariates(int age, int flags)
    {
        var covariates = new double[Names.Count];
        covariates[0] = age / 10.0;
        for (var j = 1; j < covariates.Length; j++)
        {
            covariates[j] = (flags >> (Names.Count - 1 - j)) & 1;
        }

        return covariates;
    }

    /// <summary>
    /// An "unknown" indicator enters a comparison only where each group has at least this many admissions with it. Fewer,
    /// and the propensity model cannot weight them to balance (a handful of unknowns in one group, none or one in the
    /// other, or weights cut back by truncation), so the comparison would be judged not comparable for a few records; they
    /// count with "no" instead, as every unknown did before, and the comparison's note names the characteristic.
    /// </summary>
    public const int MinimumUnknownPerGroup = 10;

    /// <summary>
    /// The columns a comparison of <paramref name="units"/> (the covariates of <see cref="Names"/>) uses — every
    /// characteristic, and an "unknown" indicator only where each group has at least <see cref="MinimumUnknownPerGroup"/>
    /// admissions with it and at least as many without — and the names of the characteristics whose unknowns were too few.
    /// </summary>
    public static (IReadOnlyList<int> Columns, IReadOnlyList<string> TooFewUnknown) Informative(IReadOnlyList<CaseMixUnit> units)
    {
        var columns = new List<int>();
        var tooFew = new List<string>();
        for (var j = 0; j < Names.Count; j++)
        {
            if (!IsUnknownIndicator(j))
            {
                columns.Add(j);
                continue;
            }

            var enough = new[] { true, false }.All(first =>
            {
                long unknown = 0, known = 0;
                foreach (var unit in units.Where(u => u.First == first))
                {
                    unknown += unit.Covariates[j] == 1 ? unit.Count : 0;
                    known += unit.Covariates[j] == 1 ? 0 : unit.Count;
                }

                return unknown >= MinimumUnknownPerGroup && known >= MinimumUnknownPerGroup;
            });
            if (enough)
            {
                columns.Add(j);
            }
            else if (units.Any(u => u.Covariates[j] == 1))
            {
                tooFew.Add(Names[j] == "no screen at intake" ? "intake screen" : Names[j][..^" unknown".Length]);
            }
        }

        return (columns, tooFew);
    }

    /// <summary>Words for a comparison's note: the characteristics whose unknowns counted as "no" (empty when none).</summary>
    public static string TooFewUnknownNote(IReadOnlyList<string> tooFew) =>
        tooFew.Count == 0 ? "" : $"; unknown counted as no, fewer than {MinimumUnknownPerGroup} in a group: {string.Join(", ", tooFew)}";

    private static bool IsUnknownIndicator(int column) =>
        Names[column].EndsWith(" unknown", StringComparison.Ordinal) || Names[column] == "no screen at intake";
}
