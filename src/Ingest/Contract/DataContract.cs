using Outcomes.Ingest.Contract.Files;

namespace Outcomes.Ingest.Contract;

/// <summary>
/// Data contract v2: the files a center sends, in the order they load. Version 2 added assessments, referrals and
/// surveys, all optional, so a version-1 drop loads as it always did.
/// </summary>
public static class DataContract
{
    public const string Version = "2";

    /// <summary>The version of a drop: the latest version of any contract file in it ("1" for a drop of v1 files only).</summary>
    public static string VersionOf(IEnumerable<EntityDefinition> files) =>
        files.Select(f => f.SinceVersion).DefaultIfEmpty("1").Max(StringComparer.Ordinal)!;

    public static IReadOnlyList<EntityDefinition> Files { get; } =
    [
        ProgramsFile.Definition,
        PatientsFile.Definition,
        EpisodesFile.Definition,
        SessionsFile.Definition,
        FamilyContactsFile.Definition,
        DrugScreensFile.Definition,
        RelapseEventsFile.Definition,
        FollowUpsFile.Definition,
        AssessmentsFile.Definition,
        ReferralsFile.Definition,
        SurveysFile.Definition,
    ];

    /// <summary>The contract file a name belongs to: "sessions.csv", "sessions_2026-10.csv", "sessions-part2.csv".</summary>
    public static EntityDefinition? ForFileName(string fileName)
    {
        if (!fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var stem = Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant();
        return Files.FirstOrDefault(f =>
            stem == f.Name || (stem.StartsWith(f.Name, StringComparison.Ordinal) && stem[f.Name.Length] is '_' or '-' or '.'));
    }
}
