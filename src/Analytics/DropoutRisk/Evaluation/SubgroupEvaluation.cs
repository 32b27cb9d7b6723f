using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.Proportions;

namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// Performance and calibration of predicted risks by group, so a quality team can see whether the model serves
/// every group of patients alike (TRIPOD+AI item 23a: performance in key subgroups).
/// </summary>
public static class SubgroupEvaluation
{
    /// <summary>Fewer rows than this with either outcome make a group's AUROC too unstable to report.</summary>
    public const int MinimumEachOutcome = 10;

    public static readonly IReadOnlyList<(string Attribute, Func<SnapshotFeatures, string> Group)> Attributes =
    [
        ("level of care", s => s.Php ? "PHP" : "IOP"),
        ("facility", s => s.FacilityId),
        ("sex", s => s.Sex),
        ("age band", s => s.AgeBand),
        ("race", s => s.Race),
        ("ethnicity", s => s.Ethnicity),
    ];

    public static IReadOnlyList<SubgroupResult> Evaluate(IReadOnlyList<SnapshotFeatures> rows, IReadOnlyList<double> risks, IReadOnlyList<bool> outcomes)
    {
        var results = new List<SubgroupResult>();
        foreach (var (attribute, group) in Attributes)
        {
            foreach (var members in Enumerable.Range(0, rows.Count).GroupBy(i => group(rows[i])).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var scores = members.Select(i => risks[i]).ToArray();
                var labels = members.Select(i => outcomes[i]).ToArray();
                var events = labels.Count(o => o);
                var tooSmall = events < MinimumEachOutcome || labels.Length - events < MinimumEachOutcome;
                var observed = new Proportion(events, labels.Length);
                results.Add(new SubgroupResult(
                    attribute, members.Key, labels.Length, events, tooSmall,
                    tooSmall ? null : Discrimination.Auroc(scores, labels),
                    tooSmall ? null : Bootstrap.Percentile(scores, labels, Discrimination.Auroc, replicates: 200),
                    scores.Average(), observed.Estimate, observed.Wilson()));
            }
        }

        return results;
    }
}
