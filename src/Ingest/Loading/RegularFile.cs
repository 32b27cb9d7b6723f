using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Outcomes.Ingest.Loading;

/// <summary>
/// A contract file opened for one load: only a regular file (or a link to one) is opened, and opening never
/// waits (a named pipe would otherwise hold the ingest, and its lock, until something writes to it). Everything
/// is read through this one handle, so a file renamed or replaced meanwhile does not change what is read; its size
/// and modification time are taken when it is opened, and <see cref="Unchanged"/> says whether they still hold.
/// </summary>
internal sealed class RegularFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly (long Length, DateTime Modified) _opened;

    private RegularFile(FileStream stream)
    {
        _stream = stream;
        _opened = Snapshot();
    }

    /// <summary>The open file, positioned wherever the last reader left it.</summary>
    public Stream Stream => _stream;

    public long Length => _opened.Length;

    /// <summary>Opens <paramref name="path"/>, or says in words what it is instead of a readable file ("a named pipe (FIFO), ...").</summary>
    public static RegularFile? Open(string path, out string? refusal)
    {
        refusal = null;
        SafeFileHandle handle;
        if (OperatingSystem.IsLinux())
        {
            var fd = LinuxFiles.OpenForReading(path);
            if (fd < 0)
            {
                refusal = OpenFailure(path, -fd);
                return null;
            }

            handle = new SafeFileHandle(fd, ownsHandle: true);
            var type = LinuxFiles.FileType(handle);
            if (type != UnixType.Regular)
            {
                handle.Dispose();
                refusal = type < 0 ? $"not examinable (error {-type}); only regular files are read" : $"{Kind(type)}; only regular files are read";
                return null;
            }
        }
        else
        {
            // Elsewhere .NET's own checks: folders and broken links are refused; a named pipe is not told apart.
            refusal = PortableRefusal(path);
            if (refusal is not null)
            {
                return null;
            }

            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        }

        return new RegularFile(new FileStream(handle, FileAccess.Read, 1 << 16));
    }

    /// <summary>The SHA-256 of the whole file as it is now, read from the start.</summary>
    public async Task<string> HashAsync(CancellationToken cancellationToken)
    {
        _stream.Position = 0;
        var hash = await SHA256.HashDataAsync(_stream, cancellationToken);
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    /// <summary>Whether the file still has the size and modification time it had when it was opened.</summary>
    public bool Unchanged() => Snapshot() == _opened;

    public void Dispose() => _stream.Dispose();

    private (long Length, DateTime Modified) Snapshot() =>
        (RandomAccess.GetLength(_stream.SafeFileHandle), File.GetLastWriteTimeUtc(_stream.SafeFileHandle));

    private static string OpenFailure(string path, int errno)
    {
        var link = IsLink(path);
        return errno switch
        {
            LinuxFiles.NoSuchFile when link => "a link to something that does not exist; only regular files are read",
            LinuxFiles.NoSuchFile => "gone before it could be read",
            LinuxFiles.LinkLoop => "a link that leads round in a loop (or through too many links); only regular files are read",
            LinuxFiles.NoDevice => "a socket or a device, not a regular file; only regular files are read",
            LinuxFiles.PermissionDenied => "not readable: permission denied",
            _ => $"not openable (error {errno}); only regular files are read",
        };
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string? PortableRefusal(string path)
    {
        if (Directory.Exists(path) && !IsLink(path))
        {
            return "a folder, not a file; only regular files are read";
        }

        if (!IsLink(path))
        {
            return null;
        }

        try
        {
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
            return target is null || !target.Exists || target is DirectoryInfo
                ? "a link to something that is not an existing file; only regular files are read"
                : null;
        }
        catch (IOException)
        {
            return "a link that leads round in a loop (or through too many links); only regular files are read";
        }
    }

    private static string Kind(int type) => type switch
    {
        UnixType.Fifo => "a named pipe (FIFO), not a regular file",
        UnixType.CharacterDevice or UnixType.BlockDevice => "a device, not a regular file",
        UnixType.Directory => "a folder, not a file",
        UnixType.Socket => "a socket, not a regular file",
        _ => "not a regular file",
    };

    /// <summary>The S_IFMT values.</summary>
    private static class UnixType
    {
        public const int Fifo = 0x1000;
        public const int CharacterDevice = 0x2000;
        public const int Directory = 0x4000;
        public const int BlockDevice = 0x6000;
        public const int Regular = 0x8000;
        public const int Socket = 0xC000;
    }
}
