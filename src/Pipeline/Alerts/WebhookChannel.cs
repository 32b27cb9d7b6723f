using System.Net.Http.Json;

namespace Outcomes.Pipeline.Alerts;

/// <summary>Alerts POSTed as JSON to a URL (a chat room's incoming webhook, an on-call system, a ticketing system).</summary>
internal sealed class WebhookChannel(HttpClient client, Uri url) : IAlertChannel
{
    // The URL may carry a token in its path or query: the logs name its host only.
    public string Name => $"webhook to {url.Host}";

    public async Task SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        var body = new
        {
            condition = notice.Alert.Condition,
            subject = notice.Alert.Subject,
            summary = notice.Alert.Summary,
            title = notice.Title,
            // Chat systems (Slack, Mattermost, Teams' incoming webhooks) show "text".
            text = notice.Title + ": " + notice.Alert.Summary,
            raisedAt = notice.RaisedAt.UtcDateTime,
            server = notice.Server,
        };
        using var response = await client.PostAsJsonAsync(url, body, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
