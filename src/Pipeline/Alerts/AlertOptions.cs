namespace Outcomes.Pipeline.Alerts;

/// <summary>
/// Who hears about alerts (the "Jobs:Alerts" settings of <c>outcomes serve</c>): by email, by webhook, or both. With
/// neither, alerts are only logged and kept in <c>alert_state</c>.
/// </summary>
public sealed class AlertOptions
{
    public EmailAlertOptions Email { get; set; } = new();

    /// <summary>URLs each alert is POSTed to as JSON (condition, subject, summary, raisedAt, server).</summary>
    public List<string> Webhooks { get; set; } = [];

    /// <summary>Seconds an SMTP server or a webhook may take to answer before the attempt counts as failed.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The problems of these settings, each naming its setting (checked at start-up).</summary>
    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < Webhooks.Count; i++)
        {
            if (!Uri.TryCreate(Webhooks[i], UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                yield return $"Jobs:Alerts:Webhooks:{i}: expected an http(s) URL the alerts are POSTed to.";
            }
        }

        foreach (var (address, setting) in Email.To.Select((a, i) => (a, $"Jobs:Alerts:Email:To:{i}")).Append((Email.From, "Jobs:Alerts:Email:From")))
        {
            if (!MimeKit.MailboxAddress.TryParse(address, out _))
            {
                yield return $"{setting}: '{address}' is not an email address.";
            }
        }

        if (Email.SmtpPort is < 1 or > 65535)
        {
            yield return "Jobs:Alerts:Email:SmtpPort: expected a port from 1 to 65535.";
        }

        if (Email.Security.ToLowerInvariant() is not ("auto" or "starttls" or "tls" or "none"))
        {
            yield return $"Jobs:Alerts:Email:Security: '{Email.Security}' is not one of auto, starttls, tls, none.";
        }

        if (TimeoutSeconds < 1)
        {
            yield return "Jobs:Alerts:TimeoutSeconds: expected 1 or more seconds.";
        }
    }
}
