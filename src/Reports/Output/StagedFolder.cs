namespace Outcomes.Reports.Output;

/// <summary>
/// A folder being written: everything goes into <see cref="Path"/>, a fresh hidden folder inside the output folder,
/// and <see cref="Publish"/> renames it into place. An earlier folder of the same name is replaced only when
/// Outcomes wrote it and it holds nothing else, or when the new folder writes again every name it holds
/// (<see cref="OutputFolder.Written"/>); otherwise the new one is refused and the earlier one left as it is. Disposed unpublished, the staging folder's own files are removed.
/// </summary>
public sealed class StagedFolder : IDisposable
{
    private readonly OutputFolder _output;
    private bool _published;

    internal StagedFolder(OutputFolder output, string staging, string target)
    {
        _output = output;
        Path = staging;
        Target = target;
    }

    /// <summary>Where to write while the folder is being made.</summary>
    public string Path { get; }

    /// <summary>Where the folder will be once published.</summary>
    public string Target { get; }

    /// <summary>The full path of <paramref name="relative"/> inside the staging folder (see <see cref="OutputFolder.Inside"/>).</summary>
    public string PathOf(string relative) => OutputFolder.Inside(Path, relative);

    /// <summary>Lists what was written, then renames the staging folder to <see cref="Target"/>.</summary>
    public void Publish()
    {
        File.WriteAllLines(PathOf(OutputFolder.MarkerName), Listed(Path));
        string? replaced = null;
        IReadOnlyList<string>? earlier = null;
        if (System.IO.Path.Exists(Target) || new FileInfo(Target).LinkTarget is not null)
        {
            if (!Directory.Exists(Target))
            {
                throw new InvalidOperationException($"{Target} exists and is not a folder: move it away or choose another --out.");
            }

            var (entries, why) = OutputFolder.Written(Target, Path);
            earlier = entries ?? throw new InvalidOperationException(
                $"{Target} already exists and {why}: Outcomes replaces only a folder it wrote itself. Move it away or choose another --out.");
            replaced = _output.ReplacedName(System.IO.Path.GetFileName(Target));
            Directory.Move(Target, replaced);
        }

        try
        {
            Directory.Move(Path, Target);
        }
        catch (IOException) when (replaced is not null)
        {
            Directory.Move(replaced, Target);
            throw;
        }

        _published = true;
        if (replaced is not null)
        {
            OutputFolder.RemoveWritten(replaced, [.. earlier!.Select(e => System.IO.Path.Combine(replaced, System.IO.Path.GetRelativePath(Target, e)))]);
        }
    }

    public void Dispose()
    {
        if (_published || !Directory.Exists(Path))
        {
            return;
        }

        // Everything in the staging folder was written here by this process: each entry is removed by name.
        OutputFolder.RemoveWritten(Path, [.. Listed(Path).Select(PathOf).OrderByDescending(p => p.Length)]);
    }

    private static IEnumerable<string> Listed(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(e => System.IO.Path.GetRelativePath(folder, e))
            .Where(r => r != OutputFolder.MarkerName)
            .Order(StringComparer.Ordinal);
}
