using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Outcomes.Ingest.Loading;

/// <summary>
/// The two system calls .NET does not offer: <c>open</c> with O_NONBLOCK (and O_NOCTTY, so a terminal device never
/// becomes the process's controlling terminal), so that opening a named pipe returns at
/// once instead of waiting for a writer, and <c>statx</c> on the open descriptor, to learn what kind of file it is.
/// The constants are Linux's (the same on x86-64 and ARM64).
/// </summary>
internal static class LinuxFiles
{
    public const int NoSuchFile = 2;      // ENOENT
    public const int NoDevice = 6;        // ENXIO: a socket, or a device with nothing behind it
    public const int PermissionDenied = 13; // EACCES
    public const int LinkLoop = 40;       // ELOOP

    private const int ReadOnly = 0;
    private const int NoControllingTerminal = 0x100;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int EmptyPath = 0x1000;  // AT_EMPTY_PATH: statx of the descriptor itself
    private const uint TypeMask = 0x1;     // STATX_TYPE
    private const int StatxSize = 256;
    private const int ModeOffset = 28;     // struct statx: u32 mask, u32 blksize, u64 attributes, u32 nlink, uid, gid, u16 mode

    /// <summary>Opens for reading without waiting; the descriptor, or -errno.</summary>
    public static int OpenForReading(string path)
    {
        var fd = open(path, ReadOnly | NonBlocking | NoControllingTerminal | CloseOnExec);
        return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
    }

    /// <summary>The S_IFMT bits of an open descriptor, or -errno.</summary>
    public static int FileType(SafeHandle handle)
    {
        var buffer = new byte[StatxSize];
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (statx((int)handle.DangerousGetHandle(), "", EmptyPath, TypeMask, buffer) != 0)
            {
                return -Marshal.GetLastPInvokeError();
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        return BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(ModeOffset)) & 0xF000;
    }

#pragma warning disable SYSLIB1054, CA5392 // DllImport needs no unsafe code; libc is the system's own
    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
#pragma warning restore SYSLIB1054, CA5392
}
