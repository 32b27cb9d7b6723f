using Outcomes.Ingest.Contract.Files;

namespace Outcomes.Ingest.Contract;

/// <summary>Data contract v1: the files a center sends, in the order they load.</summary>
public static class DataContract
{
    public const string Version = "1";

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
