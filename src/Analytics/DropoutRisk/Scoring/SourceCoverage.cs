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
/// patient who stops coming does not make the facility's data look missing. It must also reach back to the episode's
/// admission: a facility whose screens begin months after its sessions has its earlier patients' screens missing
/// ("no drug-screen data before 2026-03-02"), not read as all negative — by the ledger's earliest date of the source at
/// the facility (<see cref="FacilitySourceThrough.From"/>; no row stands in for it, so without the ledger the data are
/// taken to reach back). A model records the sources it learnt from (<see cref="LearnedFrom"/>); scoring needs those
/// and no other.
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
            foreach (var source in ModelSources)
            {
                Later(facility.Key, source, facility.Max(f => Seen(f, source)));
            }
        }

        return through;

        void Later(string facility, string source, DateOnly? seen)
        {
            var known = through.GetValueOrDefault((facility, source));
            through[(facility, source)] = known is null || (seen is { } s && s > known) ? seen ?? known : known;
        }
    }

    /// <summary>
    /// Where each facility's data of each model source begin, by the ledger (<see cref="FacilitySourceThrough.From"/>):
    /// the earliest date any of its loads of that file carried. A facility or source the ledger does not show has no
    /// date here, and its data are taken to reach back as far as its patients' care.
    /// </summary>
    public static IReadOnlyDictionary<(string Facility, string Source), DateOnly> From(IReadOnlyList<FacilitySourceThrough> ledger) =>
        ledger.Where(r => ModelSources.Contains(r.Source) && r.From is not null).ToDictionary(r => (r.FacilityId, r.Source), r => r.From!.Value);

    /// <summary>
    /// The sources a model trained on <paramref name="training"/> learnt from: those of which some training snapshot
    /// carried a row (a session, a screen, a family contact). A source none did — no facility of the data sent it, or
    /// not before the training snapshots — read the same for every row, so the model has nothing of it to go on, and
    /// scoring does not need it (<see cref="Apply"/>).
    /// </summary>
    public static IReadOnlyList<string> LearnedFrom(IEnumerable<SnapshotFeatures> training)
    {
        var rows = training as IReadOnlyCollection<SnapshotFeatures> ?? [.. training];
        return [.. ModelSources.Where(source => rows.Any(f => Seen(f, source) is not null))];
    }

    /// <summary>
    /// The snapshots with the features of every source that does not reach their day — its data stop before it, or begin
    /// after the episode's admission (<paramref name="from"/>, within the source's grace) — made missing, and the first
    /// such source named in <see cref="SnapshotFeatures.MissingSource"/>. Which sources count: those
    /// <paramref name="modelSources"/> names (the sources a stored model learnt from; the others are given the value every
    /// training row had, and are not needed), or, without them (training, and a model stored before its sources were
    /// recorded), every source some facility of the data sent.
    /// </summary>
    public static IReadOnlyList<SnapshotFeatures> Apply(
        IReadOnlyList<SnapshotFeatures> features, IReadOnlyDictionary<(string Facility, string Source), DateOnly?> through,
        IReadOnlyDictionary<(string Facility, string Source), DateOnly>? from = null, IReadOnlyCollection<string>? modelSources = null)
    {
        var result = new SnapshotFeatures[features.Count];
        // Sessions are always needed: without them a snapshot would read as full attendance. A source no facility of
        // these data ever sent (a trial that recorded no family contacts) reads the same for everyone, so a model trained
        // here learns nothing from it (no split, a zero contribution), and nobody is left out for it.
        var needed = ModelSources.Where(s => s == DataSources.Sessions || (modelSources is null
                ? through.Any(t => t.Key.Source == s && t.Value is not null)
                : modelSources.Contains(s)))
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            string? missing = null;
            foreach (var source in ModelSources)
            {
                if (!needed.Contains(source))
                {
                    f = modelSources is null ? f : Unlearnt(f, source);
                    continue;
                }

                var last = through.GetValueOrDefault((f.FacilityId, source));
                var why = !DataSources.Covers(source, last, f.SnapshotDate) ? DataSources.NoDataSince(source, last)
                    : from is not null && from.TryGetValue((f.FacilityId, source), out var first) && !DataSources.ReachesBack(source, first, f.AdmittedOn)
                        ? DataSources.NoDataBefore(source, first)
                        : null;
                if (why is null)
                {
                    continue;
                }

                missing ??= why;
                f = Missing(f, source);
            }

            result[i] = missing is null ? f : f with { MissingSource = missing };
        }

        return result;
    }

    /// <summary>
    /// The snapshot with the features of a source its model never learnt from as every training row had them: no
    /// family contact, no positive or refused screen.
    /// </summary>
    private static SnapshotFeatures Unlearnt(SnapshotFeatures f, string source) => source switch
    {
        DataSources.Sessions => f,
        DataSources.DrugScreens => f with { PositiveScreens = 0, RefusedScreens = 0 },
        _ => f with { FamilyContacts = 0 },
    };

    /// <summary>The latest row of <paramref name="source"/> a snapshot carried (null: none).</summary>
    private static DateOnly? Seen(SnapshotFeatures f, string source) => source switch
    {
        DataSources.Sessions => f.LastSessionOn,
        DataSources.DrugScreens => f.LastScreenOn,
        _ => f.LastFamilyContactOn,
    };

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
