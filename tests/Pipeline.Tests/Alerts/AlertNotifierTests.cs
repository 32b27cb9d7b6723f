using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outcomes.Pipeline.Alerts;
using Outcomes.TestSupport;
using Outcomes.TestSupport.Alerts;

namespace Outcomes.Pipeline.Tests.Alerts;

/// <summary>
/// Alerts through a real SMTP server (aiosmtpd on loopback) and a webhook listener, with their state in a real
/// database of the test's own: once per condition until it clears.
/// </summary>
public sealed class AlertNotifierTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 3, 7, 0, 0, TimeSpan.Zero));

    private static readonly Alert Stale = new(AlertConditions.StaleSource, "north", "Source north: the last file arrived 40 hours ago (limit 36 h).");

    [SmtpFact]
    public async Task An_alert_is_emailed_and_posted_once_while_its_condition_holds_and_again_once_it_cleared_and_came_back()
    {
        await using var smtp = await SmtpServer.StartAsync();
        using var webhook = new WebhookListener();
        using var alerts = Notifier(Options(smtp, webhook), "server-a");

        Assert.True(await alerts.RaiseAsync(Stale));
        _time.Advance(TimeSpan.FromHours(24));
        Assert.False(await alerts.RaiseAsync(Stale));
        Assert.False(await alerts.RaiseAsync(Stale));

        var mail = Assert.Single(await smtp.WaitForMessagesAsync(1, Timeout));
        Assert.Contains("Subject: Outcomes: a source stopped delivering (north)", mail, StringComparison.Ordinal);
        Assert.Contains("From: outcomes@clinic.example", mail, StringComparison.Ordinal);
        Assert.Contains("To: it-oncall@clinic.example, quality@clinic.example", mail, StringComparison.Ordinal);
        Assert.Contains("Source north: the last file arrived 40 hours ago (limit 36 h).", mail, StringComparison.Ordinal);
        Assert.Contains("First seen: 2026-11-03 07:00:00 UTC on server-a", mail, StringComparison.Ordinal);
        var post = Assert.Single(await webhook.WaitForAsync(1, Timeout));
        Assert.Equal(("stale_source", "north", Stale.Summary), (post.GetProperty("condition").GetString(), post.GetProperty("subject").GetString(), post.GetProperty("summary").GetString()));

        await alerts.ClearAsync(AlertConditions.StaleSource, "north");
        Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from alert_state"));
        Assert.True(await alerts.RaiseAsync(Stale));
        Assert.Equal(2, (await smtp.WaitForMessagesAsync(2, Timeout)).Count);
        Assert.Equal(2, (await webhook.WaitForAsync(2, Timeout)).Count);
        Assert.Contains("First seen: 2026-11-04 07:00:00 UTC", smtp.Messages[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notification_no_channel_delivered_is_sent_the_next_time_its_condition_is_seen()
    {
        using var webhook = new WebhookListener();
        webhook.Answers.Enqueue(HttpStatusCode.ServiceUnavailable);
        using var alerts = Notifier(new AlertOptions { Webhooks = [webhook.Url] }, "server-a");

        Assert.False(await alerts.RaiseAsync(Stale));
        Assert.Equal(1, await _database.ScalarAsync<long>("select count(*) from alert_state where notified_at is null"));
        Assert.True(await alerts.RaiseAsync(Stale));
        Assert.False(await alerts.RaiseAsync(Stale));

        Assert.Equal(2, webhook.Received.Count);
        Assert.Equal(1, await _database.ScalarAsync<long>("select count(*) from alert_state where notified_at is not null"));
    }

    [Fact]
    public async Task Two_servers_seeing_the_same_condition_at_once_notify_it_once()
    {
        using var webhook = new WebhookListener();
        var options = new AlertOptions { Webhooks = [webhook.Url] };
        using var first = Notifier(options, "server-a");
        using var second = Notifier(options, "server-b");

        var sent = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).RaiseAsync(Stale)));

        Assert.Single(sent, s => s);
        Assert.Single(webhook.Received);
    }

    [Fact]
    public async Task Clearing_all_but_the_subjects_that_still_hold_lets_only_those_that_cleared_alert_again()
    {
        using var webhook = new WebhookListener();
        using var alerts = Notifier(new AlertOptions { Webhooks = [webhook.Url] }, "server-a");
        var south = Stale with { Subject = "south" };
        await alerts.RaiseAsync(Stale);
        await alerts.RaiseAsync(south);

        await alerts.ClearAllButAsync(AlertConditions.StaleSource, ["south"]);

        Assert.False(await alerts.RaiseAsync(south));
        Assert.True(await alerts.RaiseAsync(Stale));
        Assert.Equal(["north", "south", "north"], webhook.Received.Select(p => p.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task A_failed_backup_alerts_once_through_the_backup_jobs_hook_and_its_next_success_clears_it()
    {
        using var webhook = new WebhookListener();
        using var alerts = Notifier(new AlertOptions { Webhooks = [webhook.Url] }, "server-a");

        Assert.True(await alerts.BackupFailedAsync("daily", "pg_dump exited with code 1"));
        Assert.False(await alerts.BackupFailedAsync("daily", "pg_dump exited with code 1"));
        await alerts.BackupSucceededAsync("daily");
        Assert.True(await alerts.BackupFailedAsync("daily", "no space left in the backup folder"));

        Assert.Equal(
            ["The backup of daily failed: pg_dump exited with code 1. The previous copies are kept; see outcomes status.",
             "The backup of daily failed: no space left in the backup folder. The previous copies are kept; see outcomes status."],
            webhook.Received.Select(p => p.GetProperty("summary").GetString()));
        Assert.All(webhook.Received, p => Assert.Equal("backup_failed", p.GetProperty("condition").GetString()));
    }

    [Fact]
    public void Settings_naming_no_address_a_bad_webhook_or_an_unknown_security_mode_are_refused_by_their_setting()
    {
        var options = new AlertOptions
        {
            Webhooks = ["ftp://hooks.example/x"],
            Email = new EmailAlertOptions { To = ["not an address"], Security = "ssl3" },
        };

        Assert.Equal(
            ["Jobs:Alerts:Webhooks:0: expected an http(s) URL the alerts are POSTed to.",
             "Jobs:Alerts:Email:To:0: 'not an address' is not an email address.",
             "Jobs:Alerts:Email:Security: 'ssl3' is not one of auto, starttls, tls, none."],
            options.Problems());
    }

    private static AlertOptions Options(SmtpServer smtp, WebhookListener webhook) => new()
    {
        Email = new EmailAlertOptions
        {
            To = ["it-oncall@clinic.example", "quality@clinic.example"],
            From = "outcomes@clinic.example",
            SmtpHost = "127.0.0.1",
            SmtpPort = smtp.Port,
            Security = "none",
        },
        Webhooks = [webhook.Url],
        TimeoutSeconds = 10,
    };

    private AlertNotifier Notifier(AlertOptions options, string server) =>
        new(_database.DataSource, options, _time, NullLogger<AlertNotifier>.Instance, server);

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();
}
