using System.Globalization;
using System.Text.Json.Serialization;
using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// Where a model may be trusted: the days of care (from admission) and the levels of care of the snapshots it was
/// trained on. A model trained on landmarks at days 7–28 has never seen a patient on day 2 or day 134, and its risk
/// for them is an extrapolation nobody checked; <see cref="RiskScorer"/> scores only inside the domain and counts the
/// rest by reason. Stored with the model (<c>feature_schema → domain</c>); a model stored before domains has none and
/// scores everyone in care, as it always did.
/// </summary>
public sealed record ScoringDomain(int FirstDay, int LastDay, IReadOnlyList<string> Levels)
{
    /// <summary>The domain of a model trained on <paramref name="training"/>: the range of its days of care and its levels.</summary>
    public static ScoringDomain Of(IReadOnlyList<SnapshotFeatures> training) => new(
        training.Min(s => s.DaysSinceAdmission),
        training.Max(s => s.DaysSinceAdmission),
        [.. training.Select(s => s.Php ? "php" : "iop").Distinct().Order(StringComparer.Ordinal)]);

    /// <summary>Whether a patient on <paramref name="day"/> of care at <paramref name="level"/> lies inside the domain.</summary>
    public bool Contains(int day, string level) => day >= FirstDay && day <= LastDay && Levels.Contains(level);

    /// <summary>"days 7–28" (or "day 7" for one day).</summary>
    [JsonIgnore]
    public string DaysText => Days(FirstDay, LastDay);

    /// <summary>
    /// Why patients outside the domain were not scored, one line a reason with the number of patients, no identifiers:
    /// "outside the model's range (days 0–6; trained on days 7–28)" for those too early in care, likewise those past the
    /// last day, and "outside the model's range (PHP; trained on IOP)" for a level it never saw.
    /// </summary>
    public IReadOnlyList<NotScoredCount> Exclusions(IEnumerable<(int Day, string Level)> patients)
    {
        var outside = patients.Where(p => !Contains(p.Day, p.Level)).ToList();
        var trainedOn = string.Join(", ", Levels.Select(l => l.ToUpperInvariant()));
        var counts = new List<NotScoredCount>();
        foreach (var level in outside.Where(p => !Levels.Contains(p.Level)).GroupBy(p => p.Level).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            counts.Add(new NotScoredCount($"outside the model's range ({level.Key.ToUpperInvariant()}; trained on {trainedOn})", level.Count()));
        }

        var known = outside.Where(p => Levels.Contains(p.Level)).ToList();
        foreach (var side in new[] { known.Where(p => p.Day < FirstDay).ToList(), known.Where(p => p.Day > LastDay).ToList() }.Where(s => s.Count > 0))
        {
            counts.Add(new NotScoredCount($"outside the model's range ({Days(side.Min(p => p.Day), side.Max(p => p.Day))}; trained on {DaysText})", side.Count));
        }

        return counts;
    }

    private static string Days(int first, int last) =>
        first == last ? string.Create(CultureInfo.InvariantCulture, $"day {first}") : string.Create(CultureInfo.InvariantCulture, $"days {first}–{last}");
}
