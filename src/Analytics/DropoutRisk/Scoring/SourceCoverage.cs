using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// Whether each facility's attendance data reach the scoring day. A facility whose drop has episodes but no sessions
/// file, or whose sessions stop weeks before the day, would otherwise be scored as if attendance were full (no expected
/// session reads as no gap) while its hours read 0 %: its patients are not scored, and counted as
/// "no attendance data since 2026-05-12" (or "no attendance data loaded" when the facility has none at all).
/// The facility's sessions data-through date is the latest session of any status among its patients being scored:
/// every patient in intensive care has sessions scheduled each week, and a missed one is recorded as a no-show, so a
/// patient who stops coming does not make the facility's data look missing.
/// </summary>
public static class SourceCoverage
{
    /// <summary>
    /// Days without any session recorded for any of a facility's patients in care after which its attendance data are
    /// taken as missing: a week, since IOP meets at least three days a week (ASAM level 2.1: 9 hours a week) and a
    /// holiday week still leaves a few sessions.
    /// </summary>
    public const int SessionsGraceDays = 7;

    /// <summary>The latest session of any of the facility's patients in <paramref name="features"/>, by facility (null: none).</summary>
    public static IReadOnlyDictionary<string, DateOnly?> SessionsThrough(IEnumerable<SnapshotFeatures> features) =>
        features.GroupBy(f => f.FacilityId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(f => f.LastSessionOn), StringComparer.Ordinal);

    /// <summary>Whether sessions recorded through <paramref name="through"/> cover <paramref name="day"/>.</summary>
    public static bool Covers(DateOnly? through, DateOnly day) => through is { } last && last > day.AddDays(-SessionsGraceDays);

    /// <summary>Why a patient of a facility with sessions through <paramref name="through"/> is not scored (no identifiers).</summary>
    public static string NotScoredReason(DateOnly? through) => through is { } last
        ? string.Create(CultureInfo.InvariantCulture, $"no attendance data since {last:yyyy-MM-dd}")
        : "no attendance data loaded";
}
