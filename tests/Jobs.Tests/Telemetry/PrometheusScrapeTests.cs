using Outcomes.Jobs.Tests.Hosting;
using Outcomes.Synthetic.Bulk;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Telemetry;

/// <summary>
/// The server's metrics as an IT team sees them: a real Prometheus scrapes <c>outcomes serve</c>'s loopback endpoint
/// and its HTTP API answers the questions docs/jobs.md's "Monitoring" section asks.
/// </summary>
[Collection(InProcessServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class PrometheusScrapeTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private const int Sessions = 1_000;
    private static readonly DateOnly FirstAdmission = new(2025, 3, 3);
    private readonly string _source = TestJobs.NewFolder("metrics");

    // The labels the server's series may carry: Prometheus's own (job, instance), the exporter's scope, histogram bucket
    // and target_info (the program's name and instance), the configured names docs/jobs.md lists, and the state of
    // Npgsql's pooled connections (never the pool's name: it is the connection string).
    private static readonly HashSet<string> AllowedLabels =
    [
        "__name__", "job", "instance", "otel_scope_name", "otel_scope_version", "otel_scope_schema_url", "le",
        "service_name", "service_instance_id", "telemetry_sdk_language", "telemetry_sdk_name", "telemetry_sdk_version",
        "source", "job_name", "scope", "outcome", "facility", "feature",
        "db_client_connection_state",
    ];

    private const string Scraped = "scraped";

    [PrometheusFact]
    public async Task Prometheus_scraping_the_server_finds_a_pulls_rows_its_run_and_the_sources_pull_age_with_no_patient_in_any_label()
    {
        BulkDrop.WriteSetup(_source, Sessions, FirstAdmission);
        BulkDrop.WriteSessions(Path.Combine(_source, "sessions.csv"), Sessions, FirstAdmission, seed: 5);
        // One patient row the validation sets aside: the quarantine is counted too.
        File.AppendAllText(Path.Combine(_source, "patients.csv"), "BENCH,PBAD,not-a-year,female,white,not_hispanic,alcohol,no,individual,medicaid\n");
        var patientIds = File.ReadLines(Path.Combine(_source, "patients.csv")).Skip(1).Select(l => l.Split(',')[1]).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(_source))
        {
            File.SetLastWriteTimeUtc(file, TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-5));
        }

        var port = LoopbackPort.Free();
        var options = TestJobs.Options(_source, pullCron: "*/2 * * * * *");
        // The process's meters are shared by every server a test starts in it: a source name no other test pulls keeps
        // their rows out of this one's counters when test classes run side by side.
        options.Sources[0].Name = Scraped;
        options.Metrics.Prometheus = $"http://127.0.0.1:{port}/";

        await using var server = await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "metrics");
        await using var prometheus = await PrometheusServer.StartAsync($"127.0.0.1:{port}");

        var timeout = TimeSpan.FromMinutes(2);
        var read = await prometheus.WaitForAsync("outcomes_ingest_rows_read_total{source=\"" + Scraped + "\"}", v => v > 0, timeout);
        var (ledgerRead, ledgerQuarantined) = (await database.QueryAsync<(long, long)>("select sum(rows_read)::bigint, sum(rows_quarantined)::bigint from ingest_batch"))[0];
        Assert.Equal(ledgerRead, read.Value);
        Assert.Equal(PrometheusServer.ScrapeJob, read.Labels["job"]);
        var quarantined = await prometheus.WaitForAsync("outcomes_ingest_rows_quarantined_total{source=\"" + Scraped + "\"}", v => v > 0, timeout);
        Assert.Equal(1, ledgerQuarantined);
        Assert.Equal(ledgerQuarantined, quarantined.Value);
        var loaded = await prometheus.WaitForAsync("outcomes_ingest_rows_loaded_total{source=\"" + Scraped + "\"}", v => v > 0, timeout);
        Assert.Equal(ledgerRead - ledgerQuarantined, loaded.Value);

        var runs = await prometheus.WaitForAsync(
            "outcomes_job_duration_seconds_count{job_name=\"pull\",scope=\"" + Scraped + "\",outcome=\"succeeded\"}", v => v >= 1, timeout);
        Assert.True(runs.Value <= await database.ScalarAsync<long>("select count(*) from job_run where job = 'pull' and outcome = 'succeeded'"),
            "Prometheus counted more successful pulls than job_run holds");
        var age = await prometheus.WaitForAsync("outcomes_source_last_success_age_seconds{source=\"" + Scraped + "\"}", v => v >= 0, timeout);
        Assert.True(age.Value < 120, $"the last successful pull is {age.Value:F0} s old, though the server pulls every 2 s");

        // Npgsql's meter: the pools' connections, used and idle, summed over the pools.
        var used = await prometheus.WaitForAsync("db_client_connection_count{job=\"outcomes\",db_client_connection_state=\"used\"}", v => v >= 0, timeout);
        Assert.Equal(["__name__", "db_client_connection_state", "instance", "job", "otel_scope_name", "otel_scope_version"],
            used.Labels.Keys.Order(StringComparer.Ordinal));

        var everything = await prometheus.QueryAsync("{job=\"outcomes\"}");
        var unexpected = everything.SelectMany(s => s.Labels.Keys).Distinct().Where(l => !AllowedLabels.Contains(l)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unexpected.Count == 0, "labels outside the documented list: " + string.Join(", ", unexpected));
        var patientValued = everything.SelectMany(s => s.Labels).Where(l => patientIds.Contains(l.Value)).ToList();
        Assert.Empty(patientValued);

    }

    public void Dispose() => Directory.Delete(_source, recursive: true);
}
