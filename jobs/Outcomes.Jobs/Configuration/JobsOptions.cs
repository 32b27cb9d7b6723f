using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Pipeline.DataQuality;

namespace Outcomes.Jobs.Configuration;

/// <summary>
/// Settings of <c>outcomes serve</c>, read from the "Jobs" section of the configuration file (and
/// <c>OUTCOMES_Jobs__...</c> environment variables). Every field has a default, so the server runs without any file:
/// it then watches <c>.outcomes/inbox</c> and writes workbooks to <c>.outcomes/reports</c>.
/// </summary>
public sealed class JobsOptions
{
    /// <summary>The center's time zone (IANA id, e.g. America/Chicago): every schedule is read in it.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Folders where a center's exports arrive, each pulled by a job of its own.</summary>
    public List<SourceOptions> Sources { get; set; } = [];

    /// <summary>Where the monthly workbooks are written, one folder per facility.</summary>
    public string? ReportsFolder { get; set; }

    public ScheduleOptions Schedules { get; set; } = new();

    /// <summary>New risk flags a facility's quality team can follow up in any 7 days.</summary>
    public int ScoreCapacity { get; set; } = 10;

    /// <summary>
    /// When set, <see cref="ScoreCapacity"/> is per this many patients in IOP or PHP care at each facility on the scoring
    /// day ("3 flags a week per 50 patients in care"), rounded down and at least 1; unset, every facility has
    /// <see cref="ScoreCapacity"/>.
    /// </summary>
    public int? ScoreCapacityPerPatientsInCare { get; set; }

    /// <summary>No flag below this risk (0 to 1), whatever the capacity left; 0.10 unless set.</summary>
    public double ScoreRiskFloor { get; set; } = Analytics.DropoutRisk.Flags.FlagStore.DefaultRiskFloor;

    /// <summary>Retrain once at least this many IOP and PHP episodes have ended since the promoted model's data.</summary>
    public int RetrainAfterNewDischarges { get; set; } = 200;

    /// <summary>
    /// How the server writes its log: <c>text</c> (readable lines, the default) or <c>json</c> (one JSON object per line, for
    /// journald and log collectors). <c>--log-format</c> and <c>OUTCOMES_LOG_FORMAT</c> win over it.
    /// </summary>
    public string? LogFormat { get; set; }

    /// <summary>Jobs run at once by this server (more servers sharing the database add more).</summary>
    public int Workers { get; set; } = 2;

    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// How long a job held by a server that stopped answering (killed, power cut) stays invisible before another
    /// server takes it again. A running job renews its hold, so this only delays recovery.
    /// </summary>
    public int InvisibilitySeconds { get; set; } = 300;

    /// <summary>How often the server looks for due recurring and retried jobs.</summary>
    public int PollingSeconds { get; set; } = 15;

    /// <summary>Seconds the server waits for running jobs to stop when asked to shut down.</summary>
    public int ShutdownSeconds { get; set; } = 30;

    public DataQualityOptions DataQuality { get; set; } = new();

    /// <summary>The nightly backup, its retention and the monthly restore drill.</summary>
    public BackupOptions Backups { get; set; } = new();

    /// <summary>How long quarantined rows and staging leftovers are kept (docs/jobs.md, "Retention of working data").</summary>
    public RetentionOptions Retention { get; set; } = new();

    public DashboardOptions Dashboard { get; set; } = new();

    /// <summary>What <c>/readyz</c> and <c>outcomes status --check</c> hold the server to.</summary>
    public HealthOptions Health { get; set; } = new();
    /// <summary>Prometheus and OTLP export of the server's metrics (docs/jobs.md, "Monitoring").</summary>
    public Telemetry.MetricsOptions Metrics { get; set; } = new();

    /// <summary>Who is told when a job fails for good, a source goes quiet, a backup fails (docs/jobs.md, "Alerts").</summary>
    public Outcomes.Pipeline.Alerts.AlertOptions Alerts { get; set; } = new();

    /// <summary>The web pages (sign-in and the worklist), served on the dashboard's URLs when the dashboard is.</summary>
    public Outcomes.Web.WebOptions Web { get; set; } = new();

    /// <summary>
    /// The program's own instruments, accepted in assessments.csv or surveys.csv beside the built-in catalogue
    /// (docs/instruments.md). Read by the pulls and by <c>outcomes ingest</c>; each load of those files stores the
    /// definitions, which the analysis then measures the scores by.
    /// </summary>
    public List<ProgramInstrumentOptions> Instruments { get; set; } = [];

    /// <summary>The instruments of <see cref="Instruments"/>, once <see cref="JobsOptionsValidator.Problems"/> found none.</summary>
    public IReadOnlyList<Instrument> ProgramInstruments() => ProgramInstrumentOptions.ToInstruments(Instruments);

    /// <summary>The center's date now: what "today" and "last month" mean for the jobs.</summary>
    public DateOnly Today(TimeProvider time) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), JobsOptionsValidator.FindTimeZone(TimeZone) ?? TimeZoneInfo.Utc).DateTime);
}

/// <summary>A folder a center's system exports contract files into, or an SFTP server it delivers them to.</summary>
public sealed class SourceOptions
{
    /// <summary>A short name (letters, digits, '-', '_'): names the job, its log lines and its findings.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>folder</c> (the default): a local folder; <c>sftp</c>: a folder on an SFTP server (<see cref="Sftp"/>).</summary>
    public string Kind { get; set; } = SourceKinds.Folder;

    /// <summary>The folder exports arrive in; for an SFTP source, the local staging folder files are downloaded into.</summary>
    public string Folder { get; set; } = "";

    /// <summary>The server, account and remote folder of an SFTP source.</summary>
    public SftpOptions Sftp { get; set; } = new();

    /// <summary>Where files go once their batch committed (default: FOLDER/processed).</summary>
    public string? ProcessedFolder { get; set; }

    /// <summary>Where files the ingest rejected as a whole go, with a note of why (default: FOLDER/failed).</summary>
    public string? FailedFolder { get; set; }

    /// <summary>A file is taken only when it has not changed for this long: an export still being written is left alone.</summary>
    public int SettleSeconds { get; set; } = 60;

    /// <summary>
    /// A source profile (docs/source-profiles.md): the source's files are then the profile's exports, staged through it
    /// into contract files, instead of contract files. Checked at start-up.
    /// </summary>
    public string? Profile { get; set; }
}

/// <summary>Cron expressions (five fields, or six with seconds), read in <see cref="JobsOptions.TimeZone"/>.</summary>
public sealed class ScheduleOptions
{
    public string Pull { get; set; } = "*/15 * * * *";

    public string Nightly { get; set; } = "30 2 * * *";

    public string Weekly { get; set; } = "0 4 * * 0";

    public string Monthly { get; set; } = "0 6 2 * *";

    /// <summary>The promoted model's drift and calibration check.</summary>
    public string ModelCheck { get; set; } = "0 5 1 * *";

    public string DataQuality { get; set; } = "0 7 * * *";
}

public sealed class RetryOptions
{
    /// <summary>Attempts after the first failure before a job is left failed for a person to look at.</summary>
    public int Attempts { get; set; } = 6;

    /// <summary>Waits before each retry, the last one repeating (default 30 s, 2, 10, 30 and 60 minutes).</summary>
    public List<int> DelaysSeconds { get; set; } = [];

    // Not a property default: the configuration binder would append the configured delays to it.
    public IReadOnlyList<int> EffectiveDelays() => DelaysSeconds.Count > 0 ? DelaysSeconds : [30, 120, 600, 1800, 3600];
}

public sealed class DashboardOptions
{
    /// <summary>Whether the Hangfire dashboard is served at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Kestrel URLs. Loopback by default; any other address needs <see cref="Users"/> and TLS: an https URL with
    /// <see cref="CertificateFile"/>, or a TLS proxy in front (<see cref="BehindProxy"/>).
    /// </summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// The server's TLS certificate (PEM, with its chain after it if any) for the https URLs of <see cref="Urls"/>; the
    /// private key in <see cref="CertificateKeyFile"/>. Read once at start-up: a renewed certificate needs a restart.
    /// </summary>
    public string? CertificateFile { get; set; }

    /// <summary>The certificate's private key (PEM, unencrypted; readable by the server's account only).</summary>
    public string? CertificateKeyFile { get; set; }

    /// <summary>
    /// Whether a reverse proxy (nginx, Apache, IIS, a load balancer) forwards requests to the dashboard. Every request
    /// it forwards comes from the proxy's address, so none is taken as "from this machine": all need <see cref="Users"/>
    /// credentials, and the server refuses to start with a proxy and no users.
    /// </summary>
    public bool BehindProxy { get; set; }

    /// <summary>Who may open the dashboard (HTTP Basic; put it behind TLS). Once there are users, every request needs credentials.</summary>
    public List<DashboardUser> Users { get; set; } = [];
}

public sealed class DashboardUser
{
    public string Name { get; set; } = "";

    /// <summary>From <c>outcomes serve hash-password</c>; never the password itself.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Admins may trigger, retry and delete jobs; everyone else sees the dashboard read-only.</summary>
    public bool Admin { get; set; }
}
