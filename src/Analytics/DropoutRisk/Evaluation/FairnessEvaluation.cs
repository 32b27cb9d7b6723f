using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// Fairness at the operating point (Obermeyer et al. 2019; the flag rule, not the ranking, is what reaches patients):
/// for every group of <see cref="SubgroupEvaluation.Attributes"/> — level of care, facility, sex, age band, race,
/// ethnicity — the share flagged by the rule in use, its sensitivity and its precision, with intervals. A group flagged
/// less often with as many dropouts, or whose dropouts are missed more often, is served worse by the flags.
/// </summary>
public static class FairnessEvaluation
{
    /// <summary>All test snapshots first (attribute "all"), then each group, in the order of <see cref="SubgroupEvaluation.Attributes"/>.</summary>
    public static IReadOnlyList<FairnessResult> Evaluate(IReadOnlyList<SnapshotFeatures> rows, IReadOnlyList<bool> flagged, IReadOnlyList<bool> outcomes)
    {
        FairnessResult Of(string attribute, string group, IEnumerable<int> members)
        {
            int n = 0, flags = 0, events = 0, caught = 0;
            foreach (var i in members)
            {
                n++;
                flags += flagged[i] ? 1 : 0;
                events += outcomes[i] ? 1 : 0;
                caught += flagged[i] && outcomes[i] ? 1 : 0;
            }

            return new FairnessResult(attribute, group, n, flags, events, caught);
        }

        var results = new List<FairnessResult> { Of("all", "all test snapshots", Enumerable.Range(0, rows.Count)) };
        foreach (var (attribute, group) in SubgroupEvaluation.Attributes)
        {
            results.AddRange(Enumerable.Range(0, rows.Count).GroupBy(i => group(rows[i])).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Of(attribute, g.Key, g)));
        }

        return results;
    }
}
