using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Outcomes.Pipeline.Alerts;

/// <summary>Alerts by email through the configured SMTP server (MailKit), one message to all recipients.</summary>
internal sealed class EmailChannel(EmailAlertOptions options, TimeSpan timeout) : IAlertChannel
{
    public string Name => $"email via {options.SmtpHost}:{options.SmtpPort}";

    public async Task SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var to in options.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = notice.Title;
        message.Body = new TextPart("plain") { Text = notice.Body };

        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        await client.ConnectAsync(options.SmtpHost, options.SmtpPort, Security(options.Security), cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    internal static SecureSocketOptions Security(string setting) => setting.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
