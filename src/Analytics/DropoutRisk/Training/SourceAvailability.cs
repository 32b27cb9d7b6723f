using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Scoring;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// Which of the model's sources a facility's snapshots had (TRIPOD+AI item 9, missing data): of its landmark snapshots,
/// how many the facility's data of <see cref="Source"/> did not reach (<see cref="SourceCoverage"/>: missing, never read
/// as nothing having happened; such snapshots are left out). <see cref="Collected"/> is false when no facility of the data
/// ever sent the source: then it reads the same for everyone, is nobody's reason to be left out, and the model learns
/// nothing from it.
/// </summary>
public sealed record SourceAvailability(string Facility, string Source, int Snapshots, int Missing, bool Collected)
{
    /// <summary>Each facility's availability of each model source among <paramref name="snapshots"/>, by facility then source.</summary>
    public static IReadOnlyList<SourceAvailability> Of(IReadOnlyList<SnapshotFeatures> snapshots)
    {
        var collected = SourceCoverage.ModelSources.ToDictionary(
            s => s, s => snapshots.Any(f => IsMissing(f, s) || LastRow(f, s) is not null), StringComparer.Ordinal);
        return [.. snapshots.GroupBy(f => f.FacilityId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => SourceCoverage.ModelSources.Select(s => new SourceAvailability(g.Key, s, g.Count(), g.Count(f => IsMissing(f, s)), collected[s])))];
    }

    /// <summary>Whether the snapshot's features of <paramref name="source"/> are missing (<see cref="SourceCoverage.Apply"/>).</summary>
    public static bool IsMissing(SnapshotFeatures f, string source) => source switch
    {
        DataSources.Sessions => NamesFirstMissing(f, source),
        DataSources.DrugScreens => f.PositiveScreens is null,
        _ => f.FamilyContacts is null,
    };

    /// <summary>Whether <see cref="SnapshotFeatures.MissingSource"/> names <paramref name="source"/> ("no drug-screen data since …").</summary>
    public static bool NamesFirstMissing(SnapshotFeatures f, string source) =>
        f.MissingSource?.StartsWith($"no {DataSources.Adjective(source)} data", StringComparison.Ordinal) == true;

    private static DateOnly? LastRow(SnapshotFeatures f, string source) => source switch
    {
        DataSources.Sessions => f.LastSessionOn,
        DataSources.DrugScreens => f.LastScreenOn,
        _ => f.LastFamilyContactOn,
    };
}
