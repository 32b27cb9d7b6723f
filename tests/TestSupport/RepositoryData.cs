using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Outcomes.TestSupport;

/// <summary>
/// Public data sets carried in the repository as <c>data/NAME/NAME.tar.gz</c>, unpacked on first use into the ignored
/// folder <c>.outcomes/data/NAME/DIGEST</c> of the checkout (DIGEST: the archive's SHA-256, so a changed archive is
/// unpacked afresh). Test classes running at once in several processes may all ask: each unpacks into a folder of its
/// own and renames it into place, so a reader never sees a half-written folder.
/// </summary>
public static class RepositoryData
{
    /// <summary>The CTN-0094 tables (public.ctn0094data 1.0.6, MIT; data/ctn0094/README.md).</summary>
    public static string Ctn0094() => Folder("ctn0094");

    public static string Folder(string name)
    {
        var root = RepositoryRoot();
        var archive = Path.Combine(root, "data", name, name + ".tar.gz");
        if (!File.Exists(archive))
        {
            throw new FileNotFoundException($"The data set '{name}' is not in this checkout (data/{name}/{name}.tar.gz).", archive);
        }

        string digest;
        using (var stream = File.OpenRead(archive))
        {
            digest = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        }

        // One folder per archive content: a changed archive unpacks beside the old one, and nothing is ever replaced
        // under a reader.
        var parent = Path.Combine(root, ".outcomes", "data", name);
        var target = Path.Combine(parent, digest[..16]);
        if (Directory.Exists(target))
        {
            return target;
        }

        Directory.CreateDirectory(parent);
        var pending = Path.Combine(parent, $"{Environment.ProcessId}.{Guid.NewGuid():N}.unpacking");
        Unpack(archive, pending);
        try
        {
            Directory.Move(pending, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another process put its copy in place first.
            Directory.Delete(pending, recursive: true);
        }

        return target;
    }

    /// <summary>The folder holding Outcomes.sln above the running tests.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Outcomes.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"The tests run outside a checkout of Outcomes ({AppContext.BaseDirectory}): no Outcomes.sln above it.");
    }

    private static void Unpack(string archive, string folder)
    {
        Directory.CreateDirectory(folder);
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        TarFile.ExtractToDirectory(gzip, folder, overwriteFiles: false);
    }
}
