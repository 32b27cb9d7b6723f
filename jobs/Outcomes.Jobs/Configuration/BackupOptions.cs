using Outcomes.Database.Embedded;

namespace Outcomes.Jobs.Configuration;

/// <summary>
/// The backup job and the monthly restore drill (section <c>Jobs:Backups</c>). On by default: a server that runs the
/// pipeline backs its database up every night into <see cref="Folder"/>, keeping the newest backup of each of the last
/// <see cref="KeepDaily"/> days and <see cref="KeepWeekly"/> weeks.
/// </summary>
public sealed class BackupOptions
{
    public const string DefaultFolderName = "backups";

    public bool Enabled { get; set; } = true;

    /// <summary>Where backups are written (default: <c>backups</c> in the Outcomes home folder). Put it on another disk than the database.</summary>
    public string? Folder { get; set; }

    /// <summary>When the backup runs (cron, in <see cref="JobsOptions.TimeZone"/>): 01:00, before the nightly analysis.</summary>
    public string Schedule { get; set; } = "0 1 * * *";

    /// <summary>When the restore drill runs: the 8th of each month at 03:00, away from the month's first reports.</summary>
    public string DrillSchedule { get; set; } = "0 3 8 * *";

    /// <summary>The newest backup of each of this many latest days is kept (at least 1).</summary>
    public int KeepDaily { get; set; } = 7;

    /// <summary>The newest backup of each of this many latest ISO weeks (Monday to Sunday) is kept too.</summary>
    public int KeepWeekly { get; set; } = 5;

    public string EffectiveFolder() => Path.GetFullPath(Folder ?? Path.Combine(EmbeddedCluster.LocateHome(), DefaultFolderName));

    /// <summary>Problems with the settings, in words an administrator can act on; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (KeepDaily < 1)
        {
            problems.Add("Jobs:Backups:KeepDaily: expected 1 or more days whose newest backup is kept.");
        }

        if (KeepWeekly < 0)
        {
            problems.Add("Jobs:Backups:KeepWeekly: expected 0 or more weeks whose newest backup is kept.");
        }

        if (Folder is not null && (string.IsNullOrWhiteSpace(Folder) || File.Exists(Folder)))
        {
            problems.Add("Jobs:Backups:Folder: expected a folder for the backups (made when missing), not a file; leave it out for the Outcomes home folder's 'backups'.");
        }

        return problems;
    }
}
