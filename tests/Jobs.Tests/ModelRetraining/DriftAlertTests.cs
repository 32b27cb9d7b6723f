using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Jobs.ModelRetraining;
using Outcomes.Pipeline.Alerts;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;
using Outcomes.TestSupport.Alerts;

namespace Outcomes.Jobs.Tests.ModelRetraining;

/// <summary>
/// The model drift alarm end to end through the job the server schedules: a generated cohort with a promoted dropout
/// model, the monthly model check run as the server runs it (its run recorded, its alerts sent to a local webhook receiver), one
/// month after the training cut-off made to drift (half its attended sessions recorded as no-shows), and the check run
/// again: one notification, naming the feature and no patient, and no second one while the drift stays.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class DriftAlertTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly string _folder = TestJobs.NewFolder("drift");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 3, 7, 0, 0, TimeSpan.Zero));
    private DateOnly _endDate;
    private long _promoted;
    private HashSet<string> _patients = [];

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var cohort = new CohortOptions { OutputFolder = _folder, Facilities = 2, Months = 18, Episodes = 1800, Seed = 5 };
        _endDate = cohort.EndDate;
        var generated = CohortGenerator.Generate(cohort);
        _patients = File.ReadLines(Path.Combine(generated.DropFolder, "patients.csv")).Skip(1)
            .Select(l => l.Split(',')[1]).Where(id => id.Length >= 4).ToHashSet(StringComparer.Ordinal);
        await new FolderIngestor(_database.DataSource, NullLogger.Instance).IngestAsync(generated.DropFolder, new IngestOptions { Today = _endDate });
        var snapshots = await SnapshotQuery.LoadAsync(
            _database.DataSource, await SnapshotQuery.LandmarksAsync(_database.DataSource, _endDate, LandmarkSet.Default.Days), _endDate);
        var registry = new ModelRegistry(_database.DataSource);
        _promoted = await registry.SaveCandidateAsync(new DropoutModelTrainer().Train(snapshots), SnapshotQuery.DefaultHorizonDays, _endDate);
        Assert.True(await registry.PromoteAsync(_promoted));
    }

    [Fact]
    public async Task A_drifted_month_alerts_once_through_the_model_check_job_and_not_again_while_it_drifts()
    {
        using var webhook = new WebhookListener();
        var options = TestJobs.Options(_folder);
        options.Alerts.Webhooks.Add(webhook.Url);
        await using var roles = TestJobs.Roles(_database);
        using var alerts = new AlertNotifier(_database.DataSource, options.Alerts, _time, NullLogger<AlertNotifier>.Instance, "server-a");
        var job = new ModelCheckJob(roles, TestJobs.Execution(roles), NullLogger<ModelCheckJob>.Instance, alerts);

        // As generated, the months after the cut-off raise no alarm: nothing is sent.
        await job.RunAsync(null, CancellationToken.None);
        Assert.Empty(webhook.Received);
        Assert.Equal(0L, await _database.ScalarAsync<long>("select count(*) from alert_state"));

        var after = (await new DriftCheck(_database.DataSource).CheckAsync(_promoted, _endDate)).Where(m => !m.Training && !m.TooFew).Select(m => m.Month).ToList();
        Assert.True(after.Count >= 2, $"{after.Count} months after the cut-off judged");
        var drifted = after[after.Count / 2];
        // Half the attended sessions of the month (and of the two weeks its snapshots look back on) become no-shows.
        var missed = await _database.ScalarAsync<int>("""
            with missed as (
                update attendance_session set status = 'no_show', attended_minutes = 0
                where session_date > @From and session_date < @To and status in ('attended', 'late', 'left_early')
                  and (hashtext(source_session_id) & 1) = 0
                returning 1)
            select count(*)::int from missed
            """, new { From = drifted.AddDays(-14), To = drifted.AddMonths(1) });
        Assert.True(missed > 100, $"{missed} sessions made no-shows");

        await job.RunAsync(null, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(30));
        await job.RunAsync(null, CancellationToken.None);

        var post = Assert.Single(webhook.Received);
        Assert.Equal(("model_drift", "promoted model"), (post.GetProperty("condition").GetString(), post.GetProperty("subject").GetString()));
        var summary = post.GetProperty("summary").GetString()!;
        Assert.StartsWith("Patients of ", summary, StringComparison.Ordinal);
        // The largest drift is in attendance, the feature the no-shows moved, in the drifted month or the one its snapshots reach into.
        Assert.Matches($"the largest: attendance [^;]* in ({drifted:yyyy-MM}|{drifted.AddMonths(-1):yyyy-MM}) \\(PSI", summary);
        var body = post.GetRawText();
        var named = _patients.Where(p => body.Contains(p, StringComparison.Ordinal)).Take(5).ToList();
        Assert.True(named.Count == 0, "the alert names patients: " + string.Join(", ", named));
        // Both drifted checks ran as the server runs them, and the condition stays raised.
        Assert.Equal(3L, await _database.ScalarAsync<long>("select count(*) from job_run where job = 'model-check' and outcome = 'succeeded'"));
        Assert.Equal(1L, await _database.ScalarAsync<long>("select count(*) from alert_state where condition = 'model_drift' and notified_at is not null"));
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
