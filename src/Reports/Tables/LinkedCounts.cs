using Outcomes.Analytics.Suppression;

namespace Outcomes.Reports.Tables;

/// <summary>
/// Counts hidden in one table block that another block of the same run shows for the same level of care (the
/// PHP discharges behind completion are also the denominator of step-down to IOP, say). A count hidden anywhere
/// is hidden everywhere, or the two blocks together would give away what each hides alone. Keyed by run, kind
/// of unit counted (<see cref="Units"/>), level and value: two populations of the same kind with the same count
/// are both hidden, which errs on the safe side; counts of different kinds (weeks, patients in care, screens)
/// cannot stand for one another and are not linked.
/// </summary>
internal sealed class LinkedCounts
{
    /// <summary>What each metric counts; metrics counting the same kind of unit can share (and give away) counts.</summary>
    public static readonly IReadOnlyDictionary<string, string> Units = new Dictionary<string, string>
    {
        ["completion"] = "discharged episodes",
        ["dropout"] = "discharged episodes",
        ["transfer"] = "discharged episodes",
        ["step_down_to_iop"] = "discharged episodes",
        ["step_down_completed"] = "discharged episodes",
        ["completed_or_stepped_down_engaged"] = "discharged episodes",
        ["length_of_stay_days"] = "discharged episodes",
        ["family_involvement"] = "admissions",
        ["completion_by_family_involvement"] = "discharged episodes",
        ["readmission_30d"] = "discharged episodes",
        ["readmission_90d"] = "discharged episodes",
        ["early_dropout"] = "admissions",
        ["retention"] = "admissions",
        ["retention_median_days"] = "admissions",
        ["retention_curve"] = "admissions",
        ["free_of_positive_screen"] = "admissions",
        ["field_completeness"] = "patients in care",
        ["missing_discharge"] = "patients in care",
        // One kind for the four follow-up figures: the abstinent among the reached are the lower bound's numerator too.
        ["follow_up_reach"] = "discharges due a follow-up",
        ["abstinence_at_follow_up"] = "discharges due a follow-up",
        ["abstinence_lower_bound"] = "discharges due a follow-up",
        ["abstinence_upper_bound"] = "discharges due a follow-up",
        // Measurement-based care: the coverage's denominator is the IOP and PHP discharges; its numerator, those scored at
        // intake and again, is the count behind every change figure and class of the same instrument and level.
        ["score_coverage"] = "discharged episodes",
        ["score_change"] = "discharged episodes",
        ["score_recovered"] = "discharged episodes",
        ["score_improved"] = "discharged episodes",
        ["score_unchanged"] = "discharged episodes",
        ["score_deteriorated"] = "discharged episodes",
        ["score_reliably_improved"] = "discharged episodes",
        // The access funnel: the referrals of the period and those reaching each step, one population.
        ["admitted_within_7_days"] = "referrals",
        ["days_referral_to_first_contact"] = "referrals",
        ["days_first_contact_to_admission"] = "referrals",
        ["days_referral_to_admission"] = "referrals",
        ["satisfaction_mean"] = "surveyed discharges",
        ["satisfaction_top_box"] = "surveyed discharges",
    };

    private readonly HashSet<(Guid Run, string Unit, string Level, long Count)> _hidden = [];

    public static string UnitOf(string metric) => Units.TryGetValue(metric, out var unit) ? unit : metric;

    /// <summary>Set when a count was hidden that no block had hidden before: the blocks must be built again.</summary>
    public bool Changed { get; set; }

    public bool IsHidden(Guid run, string unit, string level, long count) => count > 0 && _hidden.Contains((run, unit, level, count));

    public void Hide(Guid run, string unit, string level, long count)
    {
        if (count > 0 && _hidden.Add((run, unit, level, count)))
        {
            Changed = true;
        }
    }

    /// <summary>
    /// The states of a suppressed table after hiding the given cells as well, with the rule of
    /// <see cref="SuppressedTable"/> applied again: while any row or column (totals included) has exactly one hidden
    /// entry, the smallest other non-zero entry of that line is hidden too, inner cells before totals.
    /// </summary>
    public static CellState[,] Extend(SuppressedTable table, IEnumerable<(int Row, int Column)> alsoHidden) => table.Extend(alsoHidden);
}
