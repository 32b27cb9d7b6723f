using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outcomes.Database.Access;
using Outcomes.Jobs.DataQuality;
using Outcomes.Jobs.ModelRetraining;
using Outcomes.Jobs.MonthlyReports;
using Outcomes.Jobs.Nightly;
using Outcomes.Jobs.Pull;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Pipeline;

/// <summary>
/// The jobs in the order a center's server runs them, on a generated cohort: each does what its CLI command does, and
/// running any of them again changes nothing.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class ScheduledPipelineTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _work = TestJobs.NewFolder("pipeline");

    [Fact]
    public async Task Pull_nightly_retrain_monthly_and_quality_jobs_run_the_pipeline_and_repeat_without_doubling()
    {
        var cohort = CohortGenerator.Generate(new CohortOptions { OutputFolder = Path.Combine(_work, "cohort"), Facilities = 2, Months = 18, Seed = 8 });
        var source = Path.Combine(_work, "inbox");
        Directory.Move(cohort.DropFolder, source);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 2, 11, 0, 0, TimeSpan.Zero));
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.SetLastWriteTimeUtc(file, time.GetUtcNow().UtcDateTime.AddHours(-1));
        }

        var options = TestJobs.Wrap(TestJobs.Options(source));
        await using var roles = TestJobs.Roles(database);
        var execution = TestJobs.Execution(roles);
        var nightly = new NightlyJob(roles, execution, options);
        var retrain = new RetrainJob(roles, execution, options);

        await new PullJob(roles, execution, options, time, NullLogger<PullJob>.Instance).RunAsync("north", null, CancellationToken.None);
        Assert.Equal(cohort.Episodes, await database.ScalarAsync<long>("select count(*) from episode"));

        await nightly.RunAsync(null, CancellationToken.None);
        Assert.EndsWith("no model is promoted yet, so nobody was scored", await LastSummaryAsync("nightly"), StringComparison.Ordinal);
        var runs = await database.ScalarAsync<long>("select count(*) from analysis_run where data_through = '2026-06-30'");
        Assert.Equal(15, runs);   // June 2026 and the eleven months before it for the trends; the Summary's windows: the trailing 12 months, the rolling 3 months (June's quarter to date too) and June 2025

        await retrain.RunAsync(null, CancellationToken.None);
        Assert.StartsWith("model ", await LastSummaryAsync("retrain"), StringComparison.Ordinal);
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from dropout_model where status = 'promoted' and data_through = '2026-06-30'"));
        await retrain.RunAsync(null, CancellationToken.None);
        Assert.EndsWith("was already trained on the data through 2026-06-30", await LastSummaryAsync("retrain"), StringComparison.Ordinal);
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from dropout_model"));

        await nightly.RunAsync(null, CancellationToken.None);
        var scored = await database.ScalarAsync<long>("select count(*) from risk_score where scored_on = '2026-06-30'");
        Assert.True(scored > 0, "nobody was scored once a model was promoted");
        Assert.Contains($"scored {scored:N0} patients in care", await LastSummaryAsync("nightly"), StringComparison.Ordinal);
        await nightly.RunAsync(null, CancellationToken.None);
        Assert.Equal(scored, await database.ScalarAsync<long>("select count(*) from risk_score where scored_on = '2026-06-30'"));
        Assert.Equal(runs, await database.ScalarAsync<long>("select count(*) from analysis_run"));

        // On 2 July the monthly job writes June's workbooks: one per facility and one for all of them.
        var monthly = new MonthlyReportJob(roles, execution, options, time);
        await monthly.RunAsync(null, CancellationToken.None);
        await monthly.RunAsync(null, CancellationToken.None);
        var reports = Path.GetFullPath(monthly.ReportsFolder);
        var workbooks = Directory.EnumerateFiles(reports, "*.xlsx", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(reports, p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, workbooks.Count);
        Assert.Contains(workbooks, w => w.StartsWith(FacilityScope.AllName + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateDirectories(reports, ".writing-*", SearchOption.AllDirectories));
        Assert.Equal(6, await database.ScalarAsync<long>("select count(*) from job_run where job = 'monthly-report' and outcome = 'succeeded'"));
        // Each facility's workbook reads the facility's own runs, stored by the job once (the second run finds them): a login
        // limited to the facility sees only those (row-level security), so its web dashboard has the month too.
        Assert.Equal(2 * runs, await database.ScalarAsync<long>("select count(*) from analysis_run where facility_filter is not null and data_through = '2026-06-30'"));
        Assert.Equal(2, await database.ScalarAsync<long>("select count(distinct facility_filter) from analysis_run"));

        // The model check judges calibration on the recalibration slice and a recalibrated candidate on the promotion
        // slice. Here the recalibration slice's 80-odd patients drop out less often than the others, so the fitted
        // mapping does worse on the promotion slice and stays a candidate; running the check again on the same data
        // finds that same candidate and changes nothing.
        using var alerts = new Outcomes.Pipeline.Alerts.AlertNotifier(database.DataSource, new(), time, NullLogger<Outcomes.Pipeline.Alerts.AlertNotifier>.Instance);
        var check = new ModelCheckJob(roles, execution, NullLogger<ModelCheckJob>.Instance, alerts);
        await check.RunAsync(null, CancellationToken.None);
        var models = await database.ScalarAsync<long>("select count(*) from dropout_model");
        await check.RunAsync(null, CancellationToken.None);
        var first = await database.ScalarAsync<string>("select summary from job_run where job = 'model-check' order by job_run_id limit 1");
        var again = await LastSummaryAsync("model-check");
        Assert.Contains("kept as a candidate: Brier score more than", first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.Equal(models, await database.ScalarAsync<long>("select count(*) from dropout_model"));
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from dropout_model where status = 'promoted'"));
        // The drift alert holds exactly when the check's summary reports drift (no channel: the state alone is kept).
        Assert.Equal(again.Contains("; feature drift beyond", StringComparison.Ordinal) ? 1 : 0,
            await database.ScalarAsync<long>("select count(*) from alert_state where condition = 'model_drift' and subject = 'promoted model'"));

        await new DataQualityJob(roles, execution, options, time, NullLogger<DataQualityJob>.Instance).RunAsync(null, CancellationToken.None);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from job_run where outcome <> 'succeeded'"));
    }

    private Task<string> LastSummaryAsync(string job) =>
        database.ScalarAsync<string>("select summary from job_run where job = @Job order by job_run_id desc limit 1", new { Job = job });

    // The reports folder (inbox-reports) is inside the work folder too.
    public void Dispose() => Directory.Delete(_work, recursive: true);
}
