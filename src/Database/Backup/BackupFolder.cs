using System.Globalization;
using System.Text.RegularExpressions;

namespace Outcomes.Database.Backup;

/// <summary>
/// The folder the backup job writes to. Its own backups are named <c>outcomes-YYYYMMDDTHHMMSSZ.backup</c> (UTC) and
/// each has a manifest beside it that says it was written by the job (<see cref="BackupManifest.Scheduled"/>) under
/// that very name. Only files passing all of that — regular files, not links, directly in the folder — are listed,
/// drilled or ever removed; anything else in the folder (a manual <c>outcomes db backup</c>, notes, a copy under
/// another name) is left alone. No path is ever read from a manifest: the manifest's file name is only compared.
/// </summary>
public sealed partial class BackupFolder
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    public BackupFolder(string folder) => Path = System.IO.Path.GetFullPath(folder);

    public string Path { get; }

    /// <summary>The file name of a backup the job starts at <paramref name="time"/>.</summary>
    public static string FileNameFor(DateTimeOffset time) => $"outcomes-{time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}.backup";

    /// <summary>Makes the folder when missing, readable by its owner only: it holds patient data.</summary>
    public void Ensure()
    {
        if (Directory.Exists(Path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
        }
        else
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The job's own backups in the folder, newest first.</summary>
    public IReadOnlyList<OwnBackup> List()
    {
        if (!Directory.Exists(Path))
        {
            return [];
        }

        var own = new List<OwnBackup>();
        foreach (var file in new DirectoryInfo(Path).EnumerateFiles("outcomes-*.backup", SearchOption.TopDirectoryOnly))
        {
            if (!OwnName().IsMatch(file.Name) || file.LinkTarget is not null)
            {
                continue;
            }

            var manifestFile = new FileInfo(BackupManifest.PathFor(file.FullName));
            if (!manifestFile.Exists || manifestFile.LinkTarget is not null)
            {
                continue;
            }

            BackupManifest? manifest;
            try
            {
                manifest = BackupManifest.ReadFor(file.FullName);
            }
            catch (InvalidOperationException)
            {
                continue;
            }

            if (manifest is { Scheduled: true } && manifest.File == file.Name)
            {
                own.Add(new OwnBackup(file.FullName, manifest));
            }
        }

        return [.. own.OrderByDescending(b => b.Manifest.CreatedAt).ThenByDescending(b => b.Path, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Keeps the newest backup of each of the <paramref name="keepDaily"/> latest days that have one, and of each of the
    /// <paramref name="keepWeekly"/> latest ISO weeks (days and weeks in <paramref name="zone"/>); removes the job's
    /// other backups with their manifests. The newest backup is always kept.
    /// </summary>
    public RetentionResult ApplyRetention(int keepDaily, int keepWeekly, TimeZoneInfo zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepDaily, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(keepWeekly);
        var backups = List();
        var keep = Keep(backups, keepDaily, keepWeekly, zone);
        var removed = new List<OwnBackup>();
        foreach (var backup in backups.Where(b => !keep.Contains(b)))
        {
            File.Delete(BackupManifest.PathFor(backup.Path));
            File.Delete(backup.Path);
            removed.Add(backup);
        }

        return new RetentionResult([.. backups.Where(keep.Contains)], removed);
    }

    /// <summary>The backups retention keeps: the newest of each of the latest days and weeks that have one.</summary>
    internal static HashSet<OwnBackup> Keep(IReadOnlyList<OwnBackup> newestFirst, int keepDaily, int keepWeekly, TimeZoneInfo zone)
    {
        var keep = new HashSet<OwnBackup>();
        KeepNewestPerPeriod(newestFirst, keepDaily, b => Local(b, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), keep);
        KeepNewestPerPeriod(newestFirst, keepWeekly, b =>
        {
            var day = Local(b, zone);
            return $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}";
        }, keep);
        return keep;
    }

    private static void KeepNewestPerPeriod(IReadOnlyList<OwnBackup> newestFirst, int count, Func<OwnBackup, string> period, HashSet<OwnBackup> keep)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var backup in newestFirst)
        {
            if (seen.Count == count && !seen.Contains(period(backup)))
            {
                break;
            }

            if (seen.Add(period(backup)))
            {
                keep.Add(backup);
            }
        }
    }

    private static DateTime Local(OwnBackup backup, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(backup.Manifest.CreatedAt, zone).DateTime;

    [GeneratedRegex(@"^outcomes-\d{8}T\d{6}Z\.backup$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnName();
}
