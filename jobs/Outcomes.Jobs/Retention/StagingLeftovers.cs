using System.Text.RegularExpressions;
using Outcomes.Jobs.Configuration;

namespace Outcomes.Jobs.Retention;

/// <summary>
/// The temporaries the server's own writers leave behind when a process stops in the middle of a write, and only
/// those, only inside the configured folders: half-written files in the reports folder and its facility folders
/// (<c>.writing-</c> followed by 16 hex digits and a dash, <c>OutputFolder</c>'s temporary names), and unfinished
/// downloads (<c>*.part</c>) in an SFTP source's local staging folder. A folder source's folder is the center's
/// own: nothing there is touched. Regular files only (never a link, never a folder, nothing recursive); a name is
/// matched, never taken from the data.
/// </summary>
public static partial class StagingLeftovers
{
    /// <summary>Removes the leftovers last written before <paramref name="writtenBefore"/>; the names removed, relative to their folder.</summary>
    public static IReadOnlyList<string> Remove(JobsOptions options, string reportsFolder, DateTimeOffset writtenBefore)
    {
        var removed = new List<string>();
        if (Directory.Exists(reportsFolder))
        {
            RemoveIn(reportsFolder, WritingTemporary(), writtenBefore, removed);
            foreach (var facility in new DirectoryInfo(reportsFolder).EnumerateDirectories().Where(d => d.LinkTarget is null))
            {
                RemoveIn(facility.FullName, WritingTemporary(), writtenBefore, removed, facility.Name + "/");
            }
        }

        foreach (var source in options.Sources.Where(s => string.Equals(s.Kind, SourceKinds.Sftp, StringComparison.OrdinalIgnoreCase)))
        {
            if (!string.IsNullOrWhiteSpace(source.Folder) && Directory.Exists(source.Folder))
            {
                RemoveIn(source.Folder, UnfinishedDownload(), writtenBefore, removed, source.Name + ": ");
            }
        }

        return removed;
    }

    private static void RemoveIn(string folder, Regex kind, DateTimeOffset writtenBefore, List<string> removed, string prefix = "")
    {
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            if (file.LinkTarget is null && kind.IsMatch(file.Name) && file.LastWriteTimeUtc < writtenBefore.UtcDateTime)
            {
                file.Delete();
                removed.Add(prefix + file.Name);
            }
        }
    }

    [GeneratedRegex(@"^\.writing-[0-9a-f]{16}-.", RegexOptions.CultureInvariant)]
    private static partial Regex WritingTemporary();

    [GeneratedRegex(@"^[^/\\]+\.part$", RegexOptions.CultureInvariant)]
    private static partial Regex UnfinishedDownload();
}
