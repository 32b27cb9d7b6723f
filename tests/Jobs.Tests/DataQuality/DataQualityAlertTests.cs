using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outcomes.Jobs.DataQuality;
using Outcomes.Pipeline.Alerts;
using Outcomes.TestSupport;
using Outcomes.TestSupport.Alerts;

namespace Outcomes.Jobs.Tests.DataQuality;

/// <summary>The daily check's stale sources page someone once, and clear on the first day the source delivers again.</summary>
public sealed class DataQualityAlertTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly string _source = TestJobs.NewFolder("quality");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 3, 7, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_stale_source_alerts_once_over_several_days_and_clears_when_a_file_arrives()
    {
        using var webhook = new WebhookListener();
        var options = TestJobs.Options(_source);
        options.Alerts.Webhooks.Add(webhook.Url);
        await using var roles = TestJobs.Roles(_database);
        using var alerts = new AlertNotifier(_database.DataSource, options.Alerts, _time, NullLogger<AlertNotifier>.Instance, "server-a");
        var job = new DataQualityJob(roles, TestJobs.Execution(roles), TestJobs.Wrap(options), _time, NullLogger<DataQualityJob>.Instance, alerts);
        await ArrivedAsync(_time.GetUtcNow().AddHours(-40));

        await job.RunAsync(null, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));
        await job.RunAsync(null, CancellationToken.None);

        var post = Assert.Single(webhook.Received);
        Assert.Equal(("stale_source", "north", "Source north: the last file arrived 40 hours ago (limit 36 h)."),
            (post.GetProperty("condition").GetString(), post.GetProperty("subject").GetString(), post.GetProperty("summary").GetString()));

        await ArrivedAsync(_time.GetUtcNow());
        await job.RunAsync(null, CancellationToken.None);
        Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from alert_state"));

        _time.Advance(TimeSpan.FromDays(2));
        await job.RunAsync(null, CancellationToken.None);
        Assert.Equal(2, (await webhook.WaitForAsync(2, TimeSpan.FromSeconds(30))).Count);
        Assert.Equal("Source north: the last file arrived 48 hours ago (limit 36 h).", webhook.Received[1].GetProperty("summary").GetString());
    }

    private Task ArrivedAsync(DateTimeOffset at) => _database.ScalarAsync<long>(
        "insert into source_file (source_name, file_name, sha256, status, pulled_at) values ('north', 'sessions.csv', 'x', 'committed', @At) returning source_file_id",
        new { At = at });

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_source, recursive: true);
    }
}
