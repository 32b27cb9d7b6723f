using System.Text.Json;
using System.Text.Json.Serialization;

namespace Outcomes.Database.Backup;

/// <summary>
/// The sidecar written next to a backup (<c>FILE.manifest.json</c>): what the file must hash to, and what it holds.
/// A restore compares the file with it first, so a truncated or altered copy is refused before anything is touched.
/// <see cref="Tables"/> (row count and checksum of every table, read in the dump's own snapshot) is what a restore
/// drill compares the restored database with; <see cref="Scheduled"/> marks a file the backup job wrote, the only
/// kind its retention ever removes.
/// </summary>
public sealed record BackupManifest(
    string Format,
    string File,
    long Bytes,
    string Sha256,
    int SchemaVersion,
    string SchemaName,
    int ServerMajorVersion,
    int PgDumpMajorVersion,
    string Source,
    DateTimeOffset CreatedAt)
{
    // Tables and Scheduled were added later as optional fields: a manifest without them still reads, and an older
    // build reading a newer manifest ignores them.
    public const string CurrentFormat = "outcomes-backup/1";

    /// <summary>Written by the backup job (its retention may remove it), not by <c>outcomes db backup</c>.</summary>
    public bool Scheduled { get; init; }

    /// <summary>Every table's row count and checksum as dumped; null in manifests written before they were recorded.</summary>
    public IReadOnlyList<TableChecksum>? Tables { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string PathFor(string backupFile) => backupFile + ".manifest.json";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The manifest next to <paramref name="backupFile"/>, or null when there is none.</summary>
    public static BackupManifest? ReadFor(string backupFile)
    {
        var path = PathFor(backupFile);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        try
        {
            var manifest = JsonSerializer.Deserialize<BackupManifest>(System.IO.File.ReadAllText(path), Json);
            return manifest is { Format: CurrentFormat }
                ? manifest
                : throw new InvalidOperationException($"{path}: not an Outcomes backup manifest (expected format {CurrentFormat}).");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path}: not an Outcomes backup manifest ({ex.Message}).", ex);
        }
    }
}
