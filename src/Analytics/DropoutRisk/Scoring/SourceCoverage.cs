using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Ingest.Ledger;

namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// Whether each facility's sessions, drug screens and family contacts — the sources the model's features come from —
/// reach a snapshot's day. A facility whose drop has episodes but no screens file, or whose sessions stop weeks before
/// the day, would otherwise be read as if nothing had happened: full attendance, no positive screen, no family
/// involvement. Its features of that source are missing instead (never the good value), its patients are not scored,
/// and they are counted as "no drug-screen data since 2026-05-12" (or "no drug-screen data loaded").
/// A facility's data of a source run through the later of two dates: the latest date its loads of that file carried
/// (the load ledger, <see cref="SourceDataThrough"/>) and the latest row of that source among its patients' snapshots
/// (any session status, any screen result, any family contact, attended or not), which stands in when the ledger is
/// not visible to a facility-limited login. A source reaches a day within its grace (<see cref="DataSources.GraceDays"/>):
/// every patient in intensive care has sessions scheduled each week and a missed one is recorded as a no-show, so a
/// patient who stops coming does not make the facility's data look missing.
/// </summary>
public static class SourceCoverage
{
    /// <summary>The sources the dropout model's features come from, in the order a missing one is named.</summary>
    public static IReadOnlyList<string> ModelSources { get; } = [DataSources.Sessions, DataSources.DrugScreens, DataSources.FamilyContacts];

    /// <summary>Days without any session of a facility's patients after which its attendance data are taken as missing.</summary>
    public static int SessionsGraceDays => DataSources.GraceDays(DataSources.Sessions);

    /// <summary>
    /// The facility's data-through date of each model source: the later of the ledger's date and the latest row among
    /// <paramref name="features"/> (null: neither knows any).
    /// </summary>
    public static IReadOnlyDictionary<(string Facility, string Source), DateOnly?> Through(
        IReadOnlyList<FacilitySourceThrough> ledger, IEnumerable<SnapshotFeatures> features)
    {
        var through = ledger.Where(r => ModelSources.Contains(r.Source))
            .ToDictionary(r => (r.FacilityId, r.Source), r => r.Through);
        foreach (var facility in features.GroupBy(f => f.FacilityId, StringComparer.Ordinal))
        {
            Later(facility.Key, DataSources.Sessions, facility.Max(f => f.LastSessionOn));
            Later(facility.Key, DataSources.DrugScreens, facility.Max(f => f.LastScreenOn));
            Later(facility.Key, DataSources.FamilyContacts, facility.Max(f => f.LastFamilyContactOn));
        }

        return through;

        void Later(string facility, string source, DateOnly? seen)
        {
            var known = through.GetValueOrDefault((facility, source));
            through[(facility, source)] = known is null || (seen is { } s && s > known) ? seen ?? known : known;
        }
    }

    /// <summary>
    /// The snapshots with the features of every source that does not reach their day made missing, and the first such
    /// source named in <see cref="SnapshotFeatures.MissingSource"/>.
    /// </summary>
    public static IReadOnlyList<SnapshotFeatures> Apply(IReadOnlyList<SnapshotFeatures> features, IReadOnlyDictionary<(string Facility, string Source), DateOnly?> through)
    {
        var result = new SnapshotFeatures[features.Count];
        var collected = ModelSources.Where(s => through.Any(t => t.Key.Source == s && t.Value is not null)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            string? missing = null;
            foreach (var source in ModelSources)
            {
                if (source != DataSources.Sessions && !collected.Contains(source))
                {
                    // No facility of these data ever sent the source (a trial that recorded no family contacts): its
                    // features read the same for everyone, so a model trained here learns nothing from them (no split,
                    // a zero contribution), and nobody is left out for a source the data never had. Left for later: a
                    // model recording the sources it learned from, so that such data are not scored by a model that
                    // leant on the source.
                    continue;
                }

                var last = through.GetValueOrDefault((f.FacilityId, source));
                if (DataSources.Covers(source, last, f.SnapshotDate))
                {
                    continue;
                }

                missing ??= DataSources.NoDataSince(source, last);
                f = Missing(f, source);
            }

            result[i] = missing is null ? f : f with { MissingSource = missing };
        }

        return result;
    }

    /// <summary>
    /// The snapshot with the features of <paramref name="source"/> missing. A null attendance share already means "no
    /// session expected"; a snapshot without sessions is left out by its missing source instead (neither trained on nor
    /// scored).
    /// </summary>
    private static SnapshotFeatures Missing(SnapshotFeatures f, string source) => source switch
    {
        DataSources.Sessions => f,
        DataSources.DrugScreens => f with { PositiveScreens = null, RefusedScreens = null },
        _ => f with { FamilyContacts = null },
    };

    /// <summary>Whether sessions recorded through <paramref name="through"/> cover <paramref name="day"/>.</summary>
    public static bool Covers(DateOnly? through, DateOnly day) => DataSources.Covers(DataSources.Sessions, through, day);

    /// <summary>Why a patient of a facility with sessions through <paramref name="through"/> is not scored (no identifiers).</summary>
    public static string NotScoredReason(DateOnly? through) => DataSources.NoDataSince(DataSources.Sessions, through);
}
