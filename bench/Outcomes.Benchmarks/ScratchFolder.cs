namespace Outcomes.Benchmarks;

/// <summary>
/// A folder made fresh for one benchmark run, under a name of its own (<c>ingest-1000000-1a2b3c4d</c>), and removed
/// with everything in it when disposed: nothing but the benchmark ever writes there.
/// </summary>
internal sealed class ScratchFolder : IDisposable
{
    private ScratchFolder(string path) => Path = path;

    public string Path { get; }

    public static ScratchFolder Create(string root, string name)
    {
        var path = System.IO.Path.Combine(root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        if (Directory.Exists(path))
        {
            throw new InvalidOperationException($"{path} already exists.");
        }

        Directory.CreateDirectory(path);
        return new ScratchFolder(path);
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
