using System.Net;
using System.Text.RegularExpressions;
using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Ingest.Profiles;
using Outcomes.Jobs.Dashboard;
using Outcomes.Jobs.Pull;

namespace Outcomes.Jobs.Configuration;

/// <summary>Checks the settings once at start-up; each problem names its setting and what was expected.</summary>
public static partial class JobsOptionsValidator
{
    public static IReadOnlyList<string> Problems(JobsOptions options)
    {
        var problems = new List<string>();
        problems.AddRange(options.Metrics.Problems());
        problems.AddRange(options.Alerts.Problems());
        if (FindTimeZone(options.TimeZone) is null)
        {
            problems.Add($"Jobs:TimeZone: '{options.TimeZone}' is not a known time zone; expected an IANA id such as America/Chicago.");
        }

        for (var i = 0; i < options.Sources.Count; i++)
        {
            var source = options.Sources[i];
            if (!SourceName().IsMatch(source.Name))
            {
                problems.Add($"Jobs:Sources:{i}:Name: expected 1 to 40 letters, digits, '-' or '_'.");
            }
            else if (options.Sources.Take(i).Any(s => string.Equals(s.Name, source.Name, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"Jobs:Sources:{i}:Name: '{source.Name}' is used by another source; each needs its own name.");
            }

            var sftp = string.Equals(source.Kind, SourceKinds.Sftp, StringComparison.OrdinalIgnoreCase);
            if (!sftp && !string.Equals(source.Kind, SourceKinds.Folder, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Jobs:Sources:{i}:Kind: '{source.Kind}' is not a kind of source; expected '{SourceKinds.Folder}' or '{SourceKinds.Sftp}'.");
            }
            else if (sftp)
            {
                ValidateSftp(source.Sftp, $"Jobs:Sources:{i}:Sftp", problems);
            }

            if (string.IsNullOrWhiteSpace(source.Folder))
            {
                problems.Add(sftp
                    ? $"Jobs:Sources:{i}:Folder: expected the local staging folder the SFTP source's files are downloaded into."
                    : $"Jobs:Sources:{i}:Folder: expected the folder the center's exports arrive in.");
            }
            else if (!Directory.Exists(source.Folder))
            {
                problems.Add($"Jobs:Sources:{i}:Folder: the folder does not exist.");
            }

            if (source.SettleSeconds < 0)
            {
                problems.Add($"Jobs:Sources:{i}:SettleSeconds: expected 0 or more seconds.");
            }

            if (source.Profile is not null)
            {
                try
                {
                    ProfileLoader.Load(source.Profile);
                }
                catch (ProfileException ex)
                {
                    problems.Add($"Jobs:Sources:{i}:Profile: {ex.Message}");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    problems.Add($"Jobs:Sources:{i}:Profile: the profile file cannot be read ({ex.GetType().Name}).");
                }
            }
        }

        Positive(problems, "Jobs:Workers", options.Workers);
        Positive(problems, "Jobs:InvisibilitySeconds", options.InvisibilitySeconds);
        Positive(problems, "Jobs:PollingSeconds", options.PollingSeconds);
        Positive(problems, "Jobs:ShutdownSeconds", options.ShutdownSeconds);
        Positive(problems, "Jobs:RetrainAfterNewDischarges", options.RetrainAfterNewDischarges);
        if (options.ScoreCapacity < 0)
        {
            problems.Add("Jobs:ScoreCapacity: expected 0 or more new flags per facility in any 7 days.");
        }

        if (options.ScoreCapacityPerPatientsInCare is < 1)
        {
            problems.Add("Jobs:ScoreCapacityPerPatientsInCare: expected 1 or more patients in care that ScoreCapacity flags are for (50 means ScoreCapacity flags a week per 50 patients), or leave it out for the same capacity at every facility.");
        }

        if (!(options.ScoreRiskFloor is >= 0 and <= 1))
        {
            problems.Add("Jobs:ScoreRiskFloor: expected a risk from 0 to 1 (0.10 is 10%), below which no flag is raised.");
        }

        if (options.Retry.Attempts < 0 || options.Retry.DelaysSeconds.Any(d => d <= 0))
        {
            problems.Add("Jobs:Retry: expected Attempts of 0 or more and positive DelaysSeconds.");
        }

        if (options.Health.MinimumFreeMegabytes < 0)
        {
            problems.Add("Jobs:Health:MinimumFreeMegabytes: expected 0 or more megabytes of free space the reports folder needs.");
        }

        Positive(problems, "Jobs:Health:CheckTimeoutSeconds", options.Health.CheckTimeoutSeconds);
        ValidateDashboard(options.Dashboard, problems);
        problems.AddRange(options.Web.Problems());
        problems.AddRange(options.Backups.Problems());
        problems.AddRange(options.Retention.Problems());
        problems.AddRange(ProgramInstrumentOptions.Problems(options.Instruments, "Jobs:Instruments"));
        return problems;
    }

    public static TimeZoneInfo? FindTimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>Whether every URL the dashboard listens on is a loopback address.</summary>
    public static bool LoopbackOnly(string urls) => SplitUrls(urls).All(u => IsLoopbackHost(u.Host));

    private static void ValidateSftp(SftpOptions sftp, string setting, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(sftp.Host))
        {
            problems.Add($"{setting}:Host: expected the SFTP server's host name or address.");
        }

        if (sftp.Port is <= 0 or > 65535)
        {
            problems.Add($"{setting}:Port: expected a port from 1 to 65535 (SFTP's is 22).");
        }

        if (string.IsNullOrWhiteSpace(sftp.User))
        {
            problems.Add($"{setting}:User: expected the account name on the SFTP server.");
        }

        if (SftpCredentials.Problem(sftp) is { } credentials)
        {
            problems.Add($"{setting}:{credentials}");
        }

        if (HostKeyPin.Parse(sftp.HostKey, out var hostKey) is null)
        {
            problems.Add($"{setting}:HostKey: {hostKey} Without it the server is not trusted.");
        }

        if (!sftp.RemoteFolder.StartsWith('/'))
        {
            problems.Add($"{setting}:RemoteFolder: expected the folder on the server as an absolute path (e.g. /exports/outcomes).");
        }

        Positive(problems, $"{setting}:DownloadAttempts", sftp.DownloadAttempts);
        Positive(problems, $"{setting}:TimeoutSeconds", sftp.TimeoutSeconds);
    }

    private static void ValidateDashboard(DashboardOptions dashboard, List<string> problems)
    {
        if (!dashboard.Enabled)
        {
            return;
        }

        foreach (var url in SplitUrls(dashboard.Urls))
        {
            if (url.Scheme is not ("http" or "https") || url.Port <= 0)
            {
                problems.Add($"Jobs:Dashboard:Urls: '{url}' is not an http(s) URL with a port.");
            }
        }

        if (SplitUrls(dashboard.Urls).Count == 0)
        {
            problems.Add("Jobs:Dashboard:Urls: expected URLs such as http://127.0.0.1:5080.");
        }

        ValidateTls(dashboard, problems);
        if (!LoopbackOnly(dashboard.Urls) && dashboard.Users.Count == 0)
        {
            problems.Add("Jobs:Dashboard:Urls: listening beyond this machine needs Jobs:Dashboard:Users with password hashes "
                + "(outcomes serve hash-password); without them the dashboard listens on 127.0.0.1 only.");
        }

        if (dashboard.BehindProxy && dashboard.Users.Count == 0)
        {
            problems.Add("Jobs:Dashboard:BehindProxy: a dashboard behind a reverse proxy needs Jobs:Dashboard:Users with password hashes "
                + "(outcomes serve hash-password): every request the proxy forwards comes from this machine, so none is let in without credentials.");
        }

        for (var i = 0; i < dashboard.Users.Count; i++)
        {
            var user = dashboard.Users[i];
            if (string.IsNullOrWhiteSpace(user.Name) || user.Name.Contains(':', StringComparison.Ordinal))
            {
                problems.Add($"Jobs:Dashboard:Users:{i}:Name: expected a user name without ':'.");
            }

            if (!PasswordHash.IsWellFormed(user.PasswordHash))
            {
                problems.Add($"Jobs:Dashboard:Users:{i}:PasswordHash: expected a hash from 'outcomes serve hash-password', never a password.");
            }
        }
    }

    /// <summary>
    /// Beyond this machine every URL is https with the server's own certificate, unless a TLS proxy in front forwards
    /// to it (<see cref="DashboardOptions.BehindProxy"/>): sign-in passwords and patients' flags never cross a network
    /// in clear. An https URL needs the certificate, which must load with its key.
    /// </summary>
    private static void ValidateTls(DashboardOptions dashboard, List<string> problems)
    {
        var urls = SplitUrls(dashboard.Urls);
        var certificate = !string.IsNullOrWhiteSpace(dashboard.CertificateFile) || !string.IsNullOrWhiteSpace(dashboard.CertificateKeyFile);
        foreach (var url in urls.Where(u => u.Scheme == "http" && !IsLoopbackHost(u.Host) && !dashboard.BehindProxy))
        {
            problems.Add($"Jobs:Dashboard:Urls: '{url.OriginalString}' would carry sign-in passwords and patients' flags over the network without TLS; "
                + "use an https URL with Jobs:Dashboard:CertificateFile and CertificateKeyFile (PEM), listen on 127.0.0.1, "
                + "or put a TLS proxy in front and set Jobs:Dashboard:BehindProxy.");
        }

        if (urls.Any(u => u.Scheme == "https") && !certificate)
        {
            problems.Add("Jobs:Dashboard:Urls: an https URL needs the server's certificate: Jobs:Dashboard:CertificateFile and CertificateKeyFile (PEM files).");
        }

        if (certificate)
        {
            var loaded = ServerCertificate.Load(dashboard);
            loaded.Certificate?.Dispose();
            if (loaded.Problem is { } problem)
            {
                problems.Add(problem);
            }
        }
    }

    private static List<Uri> SplitUrls(string urls)
    {
        var list = new List<Uri>();
        foreach (var part in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcard hosts are not valid in a Uri; they mean "every address".
            var text = part.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                list.Add(uri);
            }
        }

        return list;
    }

    private static bool IsLoopbackHost(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static void Positive(List<string> problems, string name, int value)
    {
        if (value <= 0)
        {
            problems.Add($"{name}: expected a positive number.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex SourceName();
}
