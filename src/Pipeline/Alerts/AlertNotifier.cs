using Microsoft.Extensions.Logging;
using Npgsql;

namespace Outcomes.Pipeline.Alerts;

/// <summary>
/// Raises and clears alerts: a condition seen for the first time is sent through every configured channel (email,
/// webhooks) once; seen again while it holds, nothing is sent; once cleared, the next occurrence is sent again. The
/// state is in the database (<c>alert_state</c>), so a restart or a second server does not repeat a notification. When
/// no channel could deliver it, the notification is given back and tried again the next time the condition is seen.
/// Alerting never fails the work that raised it: a channel that fails is logged.
/// </summary>
public sealed class AlertNotifier : IDisposable
{
    private readonly AlertState _state;
    private readonly IReadOnlyList<IAlertChannel> _channels;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _server;
    private readonly HttpClient? _http;

    public AlertNotifier(NpgsqlDataSource admin, AlertOptions options, TimeProvider time, ILogger<AlertNotifier> logger, string? server = null)
    {
        _state = new AlertState(admin);
        _time = time;
        _logger = logger;
        _server = server ?? Environment.MachineName;
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var channels = new List<IAlertChannel>();
        if (options.Email.To.Count > 0)
        {
            channels.Add(new EmailChannel(options.Email, timeout));
        }

        if (options.Webhooks.Count > 0)
        {
            _http = new HttpClient { Timeout = timeout };
            channels.AddRange(options.Webhooks.Select(url => new WebhookChannel(_http, new Uri(url))));
        }

        _channels = channels;
    }

    /// <summary>The condition holds: notifies unless it was already notified and has not cleared since. True when sent.</summary>
    public async Task<bool> RaiseAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        try
        {
            if (await _state.SeenAsync(alert, _time.GetUtcNow(), cancellationToken) is not { } raisedAt)
            {
                return false;
            }

            _logger.LogWarning("Alert ({Condition}, {Subject}): {Summary}", alert.Condition, alert.Subject, alert.Summary);
            if (_channels.Count == 0)
            {
                return false;
            }

            var notice = new AlertNotice(alert, raisedAt, _server);
            var delivered = 0;
            foreach (var channel in _channels)
            {
                try
                {
                    await channel.SendAsync(notice, cancellationToken);
                    delivered++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning("Alert ({Condition}, {Subject}) could not be sent by {Channel}: {Message}", alert.Condition, alert.Subject, channel.Name, ex.Message);
                }
            }

            if (delivered == 0)
            {
                await _state.UnclaimAsync(alert, CancellationToken.None);
            }

            return delivered > 0;
        }
        catch (NpgsqlException ex)
        {
            _logger.LogWarning("Alert ({Condition}, {Subject}) could not be recorded, so it was not sent: {Message}", alert.Condition, alert.Subject, ex.Message);
            return false;
        }
    }

    /// <summary>The condition no longer holds for <paramref name="subject"/>: its next occurrence is notified again.</summary>
    public Task ClearAsync(string condition, string subject, CancellationToken cancellationToken = default) =>
        ClearWhereAsync(condition, [subject], [], cancellationToken);

    /// <summary>The condition holds for <paramref name="holding"/> only (raise those separately): every other subject clears.</summary>
    public Task ClearAllButAsync(string condition, IReadOnlyCollection<string> holding, CancellationToken cancellationToken = default) =>
        ClearWhereAsync(condition, null, holding, cancellationToken);

    /// <summary>
    /// For the backup job: a backup (or its restore drill) of <paramref name="target"/> failed. <paramref name="reason"/>
    /// says what failed in the job's own words (an exit code, a step, free space), never a tool's output that may
    /// quote rows.
    /// </summary>
    public Task<bool> BackupFailedAsync(string target, string reason, CancellationToken cancellationToken = default) =>
        RaiseAsync(new Alert(AlertConditions.BackupFailed, target, $"The backup of {target} failed: {reason}. The previous copies are kept; see outcomes status."), cancellationToken);

    /// <summary>For the backup job: a backup of <paramref name="target"/> succeeded, which clears its failure.</summary>
    public Task BackupSucceededAsync(string target, CancellationToken cancellationToken = default) =>
        ClearAsync(AlertConditions.BackupFailed, target, cancellationToken);

    private async Task ClearWhereAsync(string condition, IReadOnlyCollection<string>? subjects, IReadOnlyCollection<string> keep, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var subject in await _state.ClearAsync(condition, subjects, keep, cancellationToken))
            {
                _logger.LogInformation("Alert ({Condition}, {Subject}) cleared", condition, subject);
            }
        }
        catch (NpgsqlException ex)
        {
            _logger.LogWarning("Alert ({Condition}) could not be cleared: {Message}", condition, ex.Message);
        }
    }

    public void Dispose() => _http?.Dispose();
}
