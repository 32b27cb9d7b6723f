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

    private sealed record Sign(string Name, Func<SnapshotFeatures, bool> Present, Func<SnapshotFeatures, SnapshotFeatures> Reassuring, Func<SnapshotFeatures, string> Words);

    private static readonly Sign[] Signs =
    [
        new("missed sessions", f => f.ConsecutiveMissed > 0, f => f with { ConsecutiveMissed = 0 },
            f => f.ConsecutiveMissed == 1 ? "missed the last session" : $"missed the last {f.ConsecutiveMissed} sessions in a row"),
        new("attendance", f => f.AttendanceLast7Days < 1 || f.AttendanceLast14Days < 1, f => f with { AttendanceLast7Days = 1, AttendanceLast14Days = 1 },
            f => string.Create(CultureInfo.InvariantCulture, $"attended {f.AttendanceLast7Days ?? 1:P0} of sessions in the last 7 days, {f.AttendanceLast14Days ?? 1:P0} in 14")),
        new("hours", f => f.HoursAgainstAsamMinimum < 1, f => f with { HoursAgainstAsamMinimum = 1 },
            f => string.Create(CultureInfo.InvariantCulture, $"{f.HoursAgainstAsamMinimum:P0} of the weekly hours the level of care requires (ASAM minimum) in the last 7 days")),
        new("positive screens", f => f.PositiveScreens > 0, f => f with { PositiveScreens = 0 },
            f => f.PositiveScreens == 1 ? "a positive drug screen in care" : $"{f.PositiveScreens} positive drug screens in care"),
        new("refused screens", f => f.RefusedScreens > 0, f => f with { RefusedScreens = 0 },
            f => f.RefusedScreens == 1 ? "a refused drug screen" : $"{f.RefusedScreens} refused drug screens"),
        new("family", f => f.FamilyContacts == 0, f => f with { FamilyContacts = 1 }, _ => "no family involvement yet"),
        new("co-occurring", f => f.CoOccurringDisorder, f => f with { CoOccurringDisorder = false }, _ => "a co-occurring mental-health disorder"),
        new("prior episodes", f => f.PriorEpisodes > 0, f => f with { PriorEpisodes = 0 },
            f => f.PriorEpisodes == 1 ? "an earlier episode of care" : $"{f.PriorEpisodes} earlier episodes of care"),
    ];

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
