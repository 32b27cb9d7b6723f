using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// The reasons shown with a risk score, from the model itself: for each warning sign a counsellor can talk about,
/// the risk the model gives the same patient with that sign at its reassuring value (no missed sessions, full
/// attendance, the ASAM hours met, no positive or refused screen, family involved, no co-occurring disorder, no
/// earlier episode). The difference is the sign's contribution in points of risk; signs adding at least
/// <see cref="MinimumPoints"/> points are shown, largest first, at most <see cref="MaximumReasons"/>, in words with
/// the patient's own value. A what-if explanation against a fixed reference, in the spirit of Shapley values but
/// one sign at a time, so contributions need not add up to the risk.
/// </summary>
public static class RiskReasons
{
    public const double MinimumPoints = 0.01;
    public const int MaximumReasons = 3;

    /// <summary>The reason given when no warning sign adds <see cref="MinimumPoints"/>: a flag is never shown without one.</summary>
    public const string NoSingleSign =
        "no single warning sign adds a point of risk: the risk is that of patients alike in level of care, facility and days in care";

    /// <summary>
    /// A warning sign: <see cref="Name"/> in a reader's words, and <see cref="Marker"/>, a piece of text every reason of
    /// this sign holds whatever the patient's value (how a stored reason is told back to its sign).
    /// </summary>
    private sealed record Sign(string Name, string Marker, Func<SnapshotFeatures, bool> Present, Func<SnapshotFeatures, SnapshotFeatures> Reassuring, Func<SnapshotFeatures, string> Words);

    private static readonly Sign[] Signs =
    [
        new("missed sessions in a row", "missed the last", f => f.ConsecutiveMissed > 0, f => f with { ConsecutiveMissed = 0 },
            f => f.ConsecutiveMissed == 1 ? "missed the last session" : $"missed the last {f.ConsecutiveMissed} sessions in a row"),
        new("attendance in the last 7 or 14 days", "of sessions in the last 7 days", f => f.AttendanceLast7Days < 1 || f.AttendanceLast14Days < 1, f => f with { AttendanceLast7Days = 1, AttendanceLast14Days = 1 },
            f => string.Create(CultureInfo.InvariantCulture, $"attended {f.AttendanceLast7Days ?? 1:P0} of sessions in the last 7 days, {f.AttendanceLast14Days ?? 1:P0} in 14")),
        new("weekly hours under the ASAM minimum", "of the weekly hours the level of care requires", f => f.HoursAgainstAsamMinimum < 1, f => f with { HoursAgainstAsamMinimum = 1 },
            f => string.Create(CultureInfo.InvariantCulture, $"{f.HoursAgainstAsamMinimum:P0} of the weekly hours the level of care requires (ASAM minimum) in the last 7 days")),
        new("positive drug screens", "positive drug screen", f => f.PositiveScreens > 0, f => f with { PositiveScreens = 0 },
            f => f.PositiveScreens == 1 ? "a positive drug screen in care" : $"{f.PositiveScreens} positive drug screens in care"),
        new("refused drug screens", "refused drug screen", f => f.RefusedScreens > 0, f => f with { RefusedScreens = 0 },
            f => f.RefusedScreens == 1 ? "a refused drug screen" : $"{f.RefusedScreens} refused drug screens"),
        new("no family involvement", "no family involvement", f => f.FamilyContacts == 0, f => f with { FamilyContacts = 1 }, _ => "no family involvement yet"),
        new("a co-occurring mental-health disorder", "co-occurring mental-health disorder", f => f.CoOccurringDisorder, f => f with { CoOccurringDisorder = false }, _ => "a co-occurring mental-health disorder"),
        new("earlier episodes of care", "earlier episode", f => f.PriorEpisodes > 0, f => f with { PriorEpisodes = 0 },
            f => f.PriorEpisodes == 1 ? "an earlier episode of care" : $"{f.PriorEpisodes} earlier episodes of care"),
    ];

    /// <summary>The name of the reason given when no single sign adds a point (<see cref="NoSingleSign"/>).</summary>
    public const string NoSingleSignName = "no single warning sign";

    /// <summary>The name of a reason no sign of this model version wrote (an older model's words).</summary>
    public const string OtherSignName = "other reason";

    /// <summary>Every sign's name in the order reasons are counted, then <see cref="NoSingleSignName"/> and <see cref="OtherSignName"/>.</summary>
    public static IReadOnlyList<string> SignNames { get; } = [.. Signs.Select(s => s.Name), NoSingleSignName, OtherSignName];

    /// <summary>
    /// The warning sign a stored reason was written for, without its patient's value ("missed the last 3 sessions in a
    /// row (+12 points)" → "missed sessions in a row"): how the reasons of many flags are counted without showing any.
    /// </summary>
    public static string SignOf(string reason) =>
        reason == NoSingleSign ? NoSingleSignName
        : Signs.FirstOrDefault(s => reason.Contains(s.Marker, StringComparison.Ordinal))?.Name ?? OtherSignName;

    /// <summary>Risks of <paramref name="rows"/> and the reasons behind each, in one pass through the model.</summary>
    public static IReadOnlyList<(double Risk, IReadOnlyList<string> Reasons)> Explain(ScoringModel model, IReadOnlyList<SnapshotFeatures> rows)
    {
        // Row i's base input, then one input per sign present: the what-ifs, scored in the same batch.
        var inputs = new List<ModelInput>(rows.Count * 3);
        var whatIfs = new List<(int Row, Sign Sign, int Input)>();
        for (var i = 0; i < rows.Count; i++)
        {
            inputs.Add(ModelInput.From(rows[i]));
        }

        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var sign in Signs.Where(s => s.Present(rows[i])))
            {
                whatIfs.Add((i, sign, inputs.Count));
                inputs.Add(ModelInput.From(sign.Reassuring(rows[i])));
            }
        }

        var risks = model.Predict(inputs);
        var byRow = whatIfs.ToLookup(w => w.Row);
        return [.. Enumerable.Range(0, rows.Count).Select(i =>
        {
            IReadOnlyList<string> reasons = [.. byRow[i]
                .Select(w => (w.Sign, Points: risks[i] - risks[w.Input]))
                .Where(x => x.Points >= MinimumPoints)
                .OrderByDescending(x => x.Points)
                .Take(MaximumReasons)
                .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Sign.Words(rows[i])} (+{x.Points * 100:F0} points)"))];
            return (risks[i], reasons.Count == 0 ? [NoSingleSign] : reasons);
        })];
    }
}
