using System.Globalization;
using Outcomes.Database.Backup;
using Xunit;

namespace Outcomes.Database.Tests.Backup;

/// <summary>
/// Retention of the backup job over real files: the newest backup of each of the latest days and weeks stays, the
/// job's other backups go with their manifests, and nothing the job did not write is touched.
/// </summary>
public sealed class BackupRetentionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("outcomes-retention-").FullName;

    private string Folder => Path.Combine(_root, "backups");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Retention_keeps_the_newest_backup_of_each_of_the_last_days_and_weeks_and_removes_only_the_jobs_own_files()
    {
        Directory.CreateDirectory(Folder);
        // One backup a day at 01:00 UTC from Thursday 1 October to Monday 9 November 2026, and a second one that Monday.
        var first = new DateTimeOffset(2026, 10, 1, 1, 0, 0, TimeSpan.Zero);
        var own = Enumerable.Range(0, 40).Select(d => first.AddDays(d)).Append(new DateTimeOffset(2026, 11, 9, 13, 0, 0, TimeSpan.Zero)).ToList();
        foreach (var time in own)
        {
            WriteBackup(Folder, BackupFolder.FileNameFor(time), time, scheduled: true);
        }

        var foreign = WriteForeignFiles();

        var result = new BackupFolder(Folder).ApplyRetention(keepDaily: 7, keepWeekly: 4, TimeZoneInfo.Utc);

        // Daily: 9 November (the 13:00 one) and 8 back to 3 November. Weekly (ISO weeks, Monday to Sunday): week 46 and
        // week 45 are already kept by the dailies (9 and 8 November); week 44 keeps Sunday 1 November, week 43 Sunday 25 October.
        string[] kept =
        [
            "outcomes-20261109T130000Z.backup", "outcomes-20261108T010000Z.backup", "outcomes-20261107T010000Z.backup",
            "outcomes-20261106T010000Z.backup", "outcomes-20261105T010000Z.backup", "outcomes-20261104T010000Z.backup",
            "outcomes-20261103T010000Z.backup", "outcomes-20261101T010000Z.backup", "outcomes-20261025T010000Z.backup",
        ];
        Assert.Equal(kept, result.Kept.Select(b => b.FileName));
        Assert.Equal(own.Count - kept.Length, result.Removed.Count);
        var left = Directory.EnumerateFileSystemEntries(Folder).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToList();
        var expected = kept.SelectMany(k => new[] { k, k + ".manifest.json" }).Concat(foreign).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, left);
        Assert.True(File.Exists(Path.Combine(_root, "elsewhere.backup")), "the target of a link in the folder was removed");
        Assert.Equal(2, Directory.EnumerateFiles(Path.Combine(Folder, "older")).Count());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Days_and_weeks_are_the_centers_own_and_a_second_run_removes_nothing_more()
    {
        Directory.CreateDirectory(Folder);
        // 03:00 UTC is still the evening before in Chicago: these two are Sunday 8 November there, not the 8th and the 9th.
        var sunday = new DateTimeOffset(2026, 11, 8, 23, 0, 0, TimeSpan.Zero);
        var mondayUtc = new DateTimeOffset(2026, 11, 9, 3, 0, 0, TimeSpan.Zero);
        var saturday = new DateTimeOffset(2026, 11, 7, 20, 0, 0, TimeSpan.Zero);
        foreach (var time in new[] { saturday, sunday, mondayUtc })
        {
            WriteBackup(Folder, BackupFolder.FileNameFor(time), time, scheduled: true);
        }

        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var folder = new BackupFolder(Folder);

        var result = folder.ApplyRetention(keepDaily: 2, keepWeekly: 0, chicago);
        var again = folder.ApplyRetention(keepDaily: 2, keepWeekly: 0, chicago);

        Assert.Equal(["outcomes-20261109T030000Z.backup", "outcomes-20261107T200000Z.backup"], result.Kept.Select(b => b.FileName));
        Assert.Equal(["outcomes-20261108T230000Z.backup"], result.Removed.Select(b => b.FileName));
        Assert.Empty(again.Removed);
    }

    /// <summary>Files retention must never remove, though several are named like the job's backups and are older than all of them.</summary>
    private List<string> WriteForeignFiles()
    {
        var old = new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.Zero);
        // A manual 'outcomes db backup --out' given the job's naming: its manifest does not say the job wrote it.
        WriteBackup(Folder, "outcomes-20250101T010000Z.backup", old, scheduled: false);
        // The job's naming and a scheduled manifest, but the manifest names another file (a renamed copy).
        WriteBackup(Folder, "outcomes-20250102T010000Z.backup", old, scheduled: true, manifestFile: "outcomes-20250103T010000Z.backup");
        // The job's naming, no manifest beside it.
        File.WriteAllText(Path.Combine(Folder, "outcomes-20250104T010000Z.backup"), "PGDMP");
        // Not the job's naming, a scheduled manifest.
        WriteBackup(Folder, "before-upgrade.backup", old, scheduled: true);
        // A manifest that is not one.
        File.WriteAllText(Path.Combine(Folder, "outcomes-20250105T010000Z.backup"), "PGDMP");
        File.WriteAllText(Path.Combine(Folder, "outcomes-20250105T010000Z.backup.manifest.json"), "{ not json");
        // A link named like the job's backup, to a file outside the folder, with a scheduled manifest of that name.
        WriteBackup(_root, "elsewhere.backup", old, scheduled: true);
        File.CreateSymbolicLink(Path.Combine(Folder, "outcomes-20250106T010000Z.backup"), Path.Combine(_root, "elsewhere.backup"));
        File.WriteAllText(Path.Combine(Folder, "outcomes-20250106T010000Z.backup.manifest.json"),
            Manifest("outcomes-20250106T010000Z.backup", old, scheduled: true).ToJson());
        File.WriteAllText(Path.Combine(Folder, "README.txt"), "off-site copies: see the runbook");
        // The job's own backups in a folder below: only the folder itself is the job's.
        Directory.CreateDirectory(Path.Combine(Folder, "older"));
        WriteBackup(Path.Combine(Folder, "older"), "outcomes-20250107T010000Z.backup", old, scheduled: true);
        return
        [
            "outcomes-20250101T010000Z.backup", "outcomes-20250101T010000Z.backup.manifest.json",
            "outcomes-20250102T010000Z.backup", "outcomes-20250102T010000Z.backup.manifest.json",
            "outcomes-20250104T010000Z.backup",
            "before-upgrade.backup", "before-upgrade.backup.manifest.json",
            "outcomes-20250105T010000Z.backup", "outcomes-20250105T010000Z.backup.manifest.json",
            "outcomes-20250106T010000Z.backup", "outcomes-20250106T010000Z.backup.manifest.json",
            "README.txt", "older",
        ];
    }

    private static void WriteBackup(string folder, string name, DateTimeOffset time, bool scheduled, string? manifestFile = null)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "PGDMP " + time.ToString("O", CultureInfo.InvariantCulture));
        File.WriteAllText(BackupManifest.PathFor(path), Manifest(manifestFile ?? name, time, scheduled).ToJson());
    }

    private static BackupManifest Manifest(string file, DateTimeOffset time, bool scheduled) =>
        new(BackupManifest.CurrentFormat, file, 30, new string('0', 64), 34, "backup_runs", 15, 15, "test", time)
        {
            Scheduled = scheduled,
            Tables = [],
        };

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
