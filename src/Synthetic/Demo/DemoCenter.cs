using Outcomes.Analytics.Targets;
using Outcomes.Synthetic.Cohort;

namespace Outcomes.Synthetic.Demo;

/// <summary>
/// The synthetic center of <c>outcomes demo</c>: the cohort it generates and the outcome targets its director set.
/// </summary>
public static class DemoCenter
{
    /// <summary>Who set the demo's targets, as <c>outcomes targets list</c> shows it.</summary>
    public const string TargetsSetBy = "demo";

    /// <summary>New flags a week each facility's quality team follows up in the demo (the scoring command's default).</summary>
    public const int WeeklyFlagCapacity = 10;

    /// <summary>Three facilities, two years, 40 episodes a facility and month: generates and ingests in seconds.</summary>
    public static CohortOptions Cohort(string folder) => new()
    {
        OutputFolder = folder,
        Facilities = CohortOptions.DefaultFacilities,
        Months = CohortOptions.DefaultMonths,
        Seed = CohortOptions.DefaultSeed,
        EndDate = CohortOptions.DefaultEndDate,
        // About one row in 500 malformed, so quarantine has something to show.
        DirtyRate = 0.002,
    };

    /// <summary>
    /// The demo center's own targets (no accrediting body sets these numbers). Completion: about half of intensive
    /// outpatient discharges complete treatment in TEDS-D, so 50% is "at least the national pattern". ASAM weeks: the
    /// ASAM Criteria's minimum weekly hours should be the rule, not the exception (80% of whole weeks). Follow-up reach:
    /// 70%, below which abstinence at follow-up says little. Field completeness 95% and early dropout at most 20%.
    /// </summary>
    private static readonly IReadOnlyList<(string Metric, string Grouping, bool AtLeast, double Target)> CenterTargets =
    [
        ("completion", "", true, 0.50),
        ("asam_weeks_met", "", true, 0.80),
        ("follow_up_reach", "day 30", true, 0.70),
        ("follow_up_reach", "day 90", true, 0.70),
        ("follow_up_reach", "day 180", true, 0.70),
        .. new[] { "sex", "race", "ethnicity", "primary_substance", "co_occurring_disorder", "referral_source", "payer" }.Select(f => ("field_completeness", f, true, 0.95)),
        ("early_dropout", "", false, 0.20),
    ];

    /// <summary>The center's targets, each for every facility and level of care, applying from <paramref name="effectiveFrom"/> on.</summary>
    public static IReadOnlyList<OutcomeTarget> Targets(DateOnly effectiveFrom) =>
    [
        .. CenterTargets.Select(t => new OutcomeTarget
        {
            Metric = t.Metric, Grouping = t.Grouping, AtLeast = t.AtLeast, Target = t.Target, EffectiveFrom = effectiveFrom, SetBy = TargetsSetBy,
            Note = "the demo center's own target (outcomes demo)",
        }),
    ];

    /// <summary>
    /// Adds the center's targets through <paramref name="store"/> (as <c>outcomes targets set</c> does), each once: a
    /// target already set for every facility and level is not added again. Returns how many were added.
    /// </summary>
    public static async Task<int> SetTargetsOnceAsync(TargetStore store, DateOnly effectiveFrom, CancellationToken cancellationToken = default)
    {
        var existing = await store.ListAsync(cancellationToken);
        var added = 0;
        foreach (var target in Targets(effectiveFrom))
        {
            if (existing.Any(t => t.Metric == target.Metric && t.Grouping == target.Grouping && t.FacilityId is null && t.LevelOfCare is null))
            {
                continue;
            }

            await store.AddAsync(target, cancellationToken);
            added++;
        }

        return added;
    }
}
