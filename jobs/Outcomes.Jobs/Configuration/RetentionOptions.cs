namespace Outcomes.Jobs.Configuration;

/// <summary>
/// How long working data is kept (section <c>Jobs:Retention</c>): the quarantined rows of the ingest and the staging
/// leftovers a crash can leave behind. The ledger (<c>ingest_batch</c>, <c>source_file</c>) is kept for ever.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Quarantined rows of batches that finished longer ago than this many days are removed.</summary>
    public int QuarantineDays { get; set; } = 365;

    /// <summary>Temporaries left behind (unfinished downloads, half-written workbooks) older than this many days are removed.</summary>
    public int StagingDays { get; set; } = 7;

    /// <summary>When the retention job runs (cron, in <see cref="JobsOptions.TimeZone"/>): daily at 04:30.</summary>
    public string Schedule { get; set; } = "30 4 * * *";

    /// <summary>Problems with the settings, in words an administrator can act on; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (QuarantineDays < 1)
        {
            problems.Add("Jobs:Retention:QuarantineDays: expected 1 or more days a quarantined row is kept after its batch finished.");
        }

        if (StagingDays < 1)
        {
            problems.Add("Jobs:Retention:StagingDays: expected 1 or more days a staging leftover is kept before it is removed.");
        }

        if (string.IsNullOrWhiteSpace(Schedule))
        {
            problems.Add("Jobs:Retention:Schedule: expected a cron expression (five fields, or six with seconds).");
        }

        return problems;
    }
}
