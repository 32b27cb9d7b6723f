namespace Outcomes.Pipeline.Alerts;

/// <summary>The conditions <c>outcomes serve</c> alerts on (docs/jobs.md, "Alerts"), as stored in <c>alert_state</c>.</summary>
public static class AlertConditions
{
    /// <summary>A job failed on its last retry (subject: job/scope); clears when that job next succeeds.</summary>
    public const string JobFailed = "job_failed";

    /// <summary>A source delivered nothing for longer than allowed (subject: the source); clears when the daily check no longer finds it.</summary>
    public const string StaleSource = "stale_source";

    /// <summary>Far more rows quarantined in a day than usual (subject: all); clears when the daily check no longer finds it.</summary>
    public const string QuarantineSpike = "quarantine_spike";

    /// <summary>The promoted model's patients drifted beyond its training months' own drift; clears at a check without alarm.</summary>
    public const string ModelDrift = "model_drift";

    /// <summary>A scheduled backup or its restore drill failed (subject: what was backed up); clears at the next success.</summary>
    public const string BackupFailed = "backup_failed";

    /// <summary>The words a notification's title uses for each condition.</summary>
    public static string Title(string condition) => condition switch
    {
        JobFailed => "a job failed after its last retry",
        StaleSource => "a source stopped delivering",
        QuarantineSpike => "many rows were quarantined",
        ModelDrift => "the dropout model's patients drifted",
        BackupFailed => "a backup failed",
        _ => condition,
    };
}
