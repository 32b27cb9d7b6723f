
namespace Outcomes.Ingest.Profiles;

/// <summary>A profile checked and ready to use: its file's name and SHA-256 (recorded in the ledger), and the parts compiled.</summary>
public sealed class LoadedProfile
{
    internal LoadedProfile(SourceProfile document, string fileName, string sha256, TimeZoneInfo timeZone, IReadOnlyList<CompiledExport> exports)
    {
        Document = document;
        FileName = fileName;
        Sha256 = sha256;
        TimeZone = timeZone;
        Exports = exports;
    }

    public string Name => Document.Profile;

    public string FileName { get; }

    public string Sha256 { get; }

    internal SourceProfile Document { get; }

    internal TimeZoneInfo TimeZone { get; }

    internal IReadOnlyList<CompiledExport> Exports { get; }

    /// <summary>Whether a file of this name is one of the profile's exports (what a pull source takes through it).</summary>
    public bool NamesExport(string fileName) => Exports.Any(e => e.FileName.IsMatch(fileName));
}
