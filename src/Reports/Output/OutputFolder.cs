using System.Security.Cryptography;

namespace Outcomes.Reports.Output;

/// <summary>
/// The one way reports, packs, worklists and the scheduled workbooks reach the disk. Every path is resolved and
/// refused unless it lies inside this folder. Files are written under a temporary name in the same folder and
/// renamed into place, so a reader never opens half a file. Folders are written as a fresh staging folder and renamed
/// into place (<see cref="StagedFolder"/>). Nothing is ever deleted recursively: an earlier folder is replaced only
/// when Outcomes wrote it (its <see cref="MarkerName"/> file lists what it holds) and it holds nothing else, or when
/// the new folder writes again every name it holds (a folder from before markers); each entry is removed by name. Owner-only folders (the confidential worklist) are created 0700 and their files,
/// temporary ones included, 0600.
/// </summary>
public sealed class OutputFolder
{
    /// <summary>Lists, one per line, the files and folders Outcomes wrote in a folder it made.</summary>
    public const string MarkerName = ".outcomes-output";

    private const string WritingPrefix = ".writing-";
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private OutputFolder(string fullPath, bool ownerOnly)
    {
        FullPath = fullPath;
        OwnerOnly = ownerOnly;
    }

    /// <summary>The folder's full path, without a trailing separator.</summary>
    public string FullPath { get; }

    public bool OwnerOnly { get; }

    /// <summary>The folder <paramref name="path"/>, created when missing (0700 when <paramref name="ownerOnly"/>).</summary>
    public static OutputFolder Open(string path, bool ownerOnly = false)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            // Every folder made on the way is owner-only, not just the last one (CreateDirectory's mode covers only that).
            var missing = new Stack<string>();
            for (var folder = full; !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
            {
                missing.Push(folder);
            }

            while (missing.TryPop(out var folder))
            {
                Directory.CreateDirectory(folder, OwnerOnlyFolder);
            }
        }
        else
        {
            Directory.CreateDirectory(full);
        }

        return new OutputFolder(full, ownerOnly);
    }

    /// <summary>
    /// The full path of <paramref name="relative"/> inside <paramref name="folder"/>; refused unless it lies under the
    /// folder's full path and a separator (so neither "..", an absolute path nor the folder itself gets through).
    /// </summary>
    public static string Inside(string folder, string relative)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        var full = relative.Contains('\0', StringComparison.Ordinal) ? "" : Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(root, relative)));
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Refused to write outside the output folder {root}: a name from the data would lead elsewhere.");
        }

        return full;
    }

    /// <summary>The full path of <paramref name="name"/> inside this folder (see <see cref="Inside"/>).</summary>
    public string PathOf(string name) => Inside(FullPath, name);

    /// <summary>
    /// Writes the file <paramref name="name"/>: <paramref name="write"/> fills a new temporary file in this folder
    /// (0600 in an owner-only folder), which then replaces any earlier file of that name in one rename.
    /// </summary>
    public string WriteFile(string name, Action<Stream> write)
    {
        var target = PathOf(name);
        if (Directory.Exists(target))
        {
            throw new InvalidOperationException($"{target} is a folder: move it away or choose another --out.");
        }

        var temporary = PathOf(WritingPrefix + RandomSuffix() + "-" + name);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (OwnerOnly && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnlyFile;
            }

            using (var stream = new FileStream(temporary, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>A fresh, empty staging folder for the folder <paramref name="name"/>; <see cref="StagedFolder.Publish"/> puts it in place.</summary>
    public StagedFolder Stage(string name)
    {
        var target = PathOf(name);
        var staging = PathOf(WritingPrefix + RandomSuffix() + "-" + name);
        if (Path.Exists(staging))
        {
            throw new InvalidOperationException($"{staging} already exists.");
        }

        if (OwnerOnly && !OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(staging, OwnerOnlyFolder);
        }
        else
        {
            Directory.CreateDirectory(staging);
        }

        return new StagedFolder(this, staging, target);
    }

    internal string ReplacedName(string name) => PathOf(".replaced-" + RandomSuffix() + "-" + name);

    /// <summary>
    /// Whether <paramref name="folder"/> may be replaced by <paramref name="replacement"/>: it was written by Outcomes
    /// and holds only what its marker lists, or (a folder written before markers existed) everything in it has a
    /// namesake in the replacement, so replacing it removes nothing the new folder does not write again. The entries
    /// to remove (deepest first) when it may, otherwise why not.
    /// </summary>
    internal static (IReadOnlyList<string>? Entries, string? Why) Written(string folder, string replacement)
    {
        if (new DirectoryInfo(folder).LinkTarget is not null)
        {
            return (null, "it is a symbolic link");
        }

        var present = Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(e => Path.GetRelativePath(folder, e)).Where(r => r != MarkerName).ToList();
        var marker = Path.Combine(folder, MarkerName);
        if (!File.Exists(marker))
        {
            var foreign = present.FirstOrDefault(r => !(File.Exists(Path.Combine(folder, r))
                ? File.Exists(Path.Combine(replacement, r))
                : Directory.Exists(Path.Combine(replacement, r))));
            return foreign is null
                ? ([.. present.Select(r => Inside(folder, r)).OrderByDescending(p => p.Length)], null)
                : (null, $"Outcomes did not write it (it holds {foreign}, which the new output would not replace)");
        }

        var listed = File.ReadAllLines(marker).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        if (present.FirstOrDefault(r => !listed.Contains(r)) is { } unlisted)
        {
            return (null, $"it holds {unlisted}, which Outcomes did not write");
        }

        return ([.. listed.Select(l => Inside(folder, l)).OrderByDescending(p => p.Length)], null);
    }

    /// <summary>Removes the entries listed (files, then folders that are empty by then), the marker and the folder itself; never recursively.</summary>
    internal static void RemoveWritten(string folder, IReadOnlyList<string> entries)
    {
        foreach (var entry in entries)
        {
            if (Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null)
            {
                Directory.Delete(entry);
            }
            else
            {
                File.Delete(entry);
            }
        }

        File.Delete(Path.Combine(folder, MarkerName));
        Directory.Delete(folder);
    }

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
