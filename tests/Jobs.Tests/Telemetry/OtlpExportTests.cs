using Outcomes.Jobs.Telemetry;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.Synthetic.Bulk;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Telemetry;

/// <summary>
/// The server's real OTLP exporter, configured as docs/jobs.md's "Monitoring" says, pushing to a local listener in place
/// of an OpenTelemetry collector (none is installable here; Debian's Prometheus 2.42 has no OTLP receiver): after a
/// pull, it posts the pipeline's metrics to <c>/v1/metrics</c> as protobuf, and no string in them is a patient's id.
/// </summary>
[Collection(InProcessServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class OtlpExportTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private const int Sessions = 500;
    private static readonly DateOnly FirstAdmission = new(2025, 3, 3);
    private readonly string _source = TestJobs.NewFolder("otlp");

    [Fact]
    public async Task After_a_pull_the_server_posts_its_metrics_over_OTLP_http_protobuf_to_v1_metrics_with_no_patient_id()
    {
        BulkDrop.WriteSetup(_source, Sessions, FirstAdmission);
        BulkDrop.WriteSessions(Path.Combine(_source, "sessions.csv"), Sessions, FirstAdmission, seed: 5);
        // One patient row the validation sets aside: its id must not travel either.
        File.AppendAllText(Path.Combine(_source, "patients.csv"), "BENCH,PQUARANTINED7,not-a-year,female,white,not_hispanic,alcohol,no,individual,medicaid\n");
        var patientIds = File.ReadLines(Path.Combine(_source, "patients.csv")).Skip(1).Select(l => l.Split(',')[1]).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(_source))
        {
            File.SetLastWriteTimeUtc(file, TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-5));
        }

        using var collector = new OtlpListener();
        var options = TestJobs.Options(_source, pullCron: "*/2 * * * * *");
        options.Metrics.Otlp = collector.Address;
        options.Metrics.OtlpProtocol = MetricsOptions.HttpProtobuf;
        options.Metrics.OtlpIntervalSeconds = 1;

        await using (await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "otlp"))
        {
            var afterPull = await collector.WaitForAsync(r => r.Strings().Contains("outcomes.ingest.rows.read"), TimeSpan.FromMinutes(2), "after a pull");
            Assert.Equal("POST", afterPull.Method);
            Assert.Equal("/v1/metrics", afterPull.Path);
            Assert.Equal("application/x-protobuf", afterPull.ContentType);
            var strings = afterPull.Strings();
            foreach (var metric in new[] { "outcomes.ingest.rows.loaded", "outcomes.ingest.rows.quarantined", "outcomes.job.duration" })
            {
                Assert.Contains(metric, strings);
            }

            // The labels: the source's configured name, the job's, and the program's.
            Assert.Contains("source", strings);
            Assert.Contains("north", strings);
            Assert.Contains("job_name", strings);
            Assert.Contains("outcomes", strings);
            await collector.WaitForAsync(r => r.Strings().Contains("outcomes.source.last_success.age"), TimeSpan.FromMinutes(1), "with the pull's age");
        }

        Assert.Equal(1L, await database.ScalarAsync<long>("select sum(rows_quarantined)::bigint from ingest_batch"));
        Assert.All(collector.Received, r => Assert.Equal("/v1/metrics", r.Path));
        var named = collector.Received.SelectMany(r => r.Strings()).Where(patientIds.Contains).Distinct().ToList();
        Assert.True(named.Count == 0, "the metrics carry patient ids: " + string.Join(", ", named));
    }

    public void Dispose() => Directory.Delete(_source, recursive: true);
}
