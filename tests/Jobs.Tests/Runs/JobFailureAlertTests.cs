using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.TestSupport;
using Outcomes.TestSupport.Alerts;

namespace Outcomes.Jobs.Tests.Runs;

/// <summary>A job that keeps failing pages someone once, after Hangfire's last retry, and its next success clears it.</summary>
[Collection(InProcessServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class JobFailureAlertTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _source = TestJobs.NewFolder("alert");

    [Fact]
    public async Task A_pull_failing_on_its_last_retry_alerts_once_without_its_error_text_and_its_next_success_clears_it()
    {
        using var webhook = new WebhookListener();
        var options = TestJobs.Options(_source, pullCron: "*/2 * * * * *");
        options.Retry = new RetryOptions { Attempts = 1, DelaysSeconds = [1] };
        options.Alerts.Webhooks.Add(webhook.Url);
        var timeout = TimeSpan.FromMinutes(1);

        await using (await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "alerts"))
        {
            // The source folder goes away (an unmounted share): every pull fails, its retry too.
            Directory.Delete(_source);
            var post = Assert.Single(await webhook.WaitForAsync(1, timeout));
            Assert.Equal(("job_failed", "pull/north"), (post.GetProperty("condition").GetString(), post.GetProperty("subject").GetString()));
            var summary = post.GetProperty("summary").GetString()!;
            Assert.StartsWith("The pull job (north) failed on its last attempt, after 1 retry (DirectoryNotFoundException)", summary, StringComparison.Ordinal);
            // The error's text names the folder; the alert does not carry it.
            Assert.DoesNotContain(_source, summary, StringComparison.Ordinal);

            // Later occurrences fail on their last retry too, and nobody hears about them again.
            await TestJobs.WaitUntilAsync(async () => await FailedPullsAsync() >= 6, timeout, () => "the pull did not keep failing");
            Assert.Single(webhook.Received);

            Directory.CreateDirectory(_source);
            await TestJobs.WaitUntilAsync(async () => await database.ScalarAsync<long>("select count(*) from alert_state") == 0, timeout,
                () => "the next successful pull did not clear the alert");
        }

        Assert.Single(webhook.Received);
    }

    private Task<long> FailedPullsAsync() => database.ScalarAsync<long>("select count(*) from job_run where job = 'pull' and outcome = 'failed'");

    public void Dispose()
    {
        if (Directory.Exists(_source))
        {
            Directory.Delete(_source, recursive: true);
        }
    }
}
