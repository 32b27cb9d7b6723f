using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Pipeline.DataQuality;
using Outcomes.Synthetic.Bulk;
using Outcomes.TestSupport;

namespace Outcomes.Pipeline.Tests.DataQuality;

public sealed class CheckDataQualityTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database = new();
    private readonly string _source = Directory.CreateTempSubdirectory("outcomes-quality-").FullName;

    [Fact]
    public async Task A_source_silent_for_longer_than_its_limit_is_stale()
    {
        await _database.ScalarAsync<long>("""
            insert into source_file (source_name, file_name, sha256, status, pulled_at) values ('north', 'sessions.csv', 'x', 'committed', @At) returning source_file_id
            """, new { At = Now.AddHours(-40) });

        var findings = await Checks().RunAsync(Now, DateOnly.FromDateTime(Now.UtcDateTime), CancellationToken.None);

        var stale = Assert.Single(findings);
        Assert.Equal(("stale_source", "north", 40.0, 36.0), (stale.Kind, stale.Subject, stale.Measured, stale.Threshold));
        Assert.Equal("the last file arrived 40 hours ago (limit 36 h)", stale.Detail);
    }

    [Fact]
    public async Task Only_the_sources_named_are_checked_for_silence_and_the_analyst_role_may_run_and_store_the_checks()
    {
        await _database.ScalarAsync<long>("""
            insert into source_file (source_name, file_name, sha256, status, pulled_at)
            values ('north', 'sessions.csv', 'x', 'committed', @At), ('south', 'sessions.csv', 'y', 'committed', @At) returning 1
            """, new { At = Now.AddHours(-40) });
        await using var analyst = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(_database.ConnectionString, DatabaseRole.Analyst));

        var findings = await new CheckDataQuality(analyst, ["south"], new DataQualityOptions()).RunAsync(Now, new DateOnly(2026, 11, 25), CancellationToken.None);

        Assert.Equal(("stale_source", "south"), (Assert.Single(findings).Kind, findings[0].Subject));
        Assert.Equal(["south"], await _database.QueryAsync<string>("select subject from data_quality_finding where checked_on = '2026-11-25'"));
        // The demo checks with no source folder at all: silence is then nobody's finding.
        Assert.Empty(await new CheckDataQuality(analyst, [], new DataQualityOptions()).RunAsync(Now, new DateOnly(2026, 11, 26), CancellationToken.None));
    }

    [Fact]
    public async Task A_day_quarantining_far_more_than_the_previous_four_weeks_is_a_spike()
    {
        // Previous weeks: 10 of 10,000 rows quarantined (0.1%). The last day: 50 of 1,000 (5%), above 3 × 0.1%.
        await _database.ScalarAsync<long>("""
            insert into ingest_batch (run_id, file_name, entity, sha256, status, rows_read, rows_quarantined, software_version, started_at)
            values (gen_random_uuid(), 'sessions_a.csv', 'sessions', 'a', 'committed', 10000, 10, 'test', @Before),
                   (gen_random_uuid(), 'sessions_b.csv', 'sessions', 'b', 'committed', 1000, 50, 'test', @Recent)
            returning 1
            """, new { Before = Now.AddDays(-10), Recent = Now.AddHours(-3) });

        var findings = await Checks().RunAsync(Now, DateOnly.FromDateTime(Now.UtcDateTime), CancellationToken.None);

        var spike = Assert.Single(findings);
        Assert.Equal(("quarantine_spike", "all"), (spike.Kind, spike.Subject));
        Assert.Equal(0.05, spike.Measured!.Value, 10);
        Assert.Equal(0.003, spike.Threshold, 10);
    }

    [Fact]
    public async Task Many_patients_in_care_unseen_for_a_month_point_to_missing_discharges_and_a_rerun_updates_the_day_s_finding()
    {
        // 100 episodes admitted on days 0..99 from 6 January 2025, each with sessions on its first 40 days and no
        // discharge. The data run through day 138 (the last session); episodes 0..69 had their last session by day 108,
        // 30 days before: 70 of 100 in care with no session in 30 days.
        var first = new DateOnly(2025, 1, 6);
        BulkDrop.WriteSetup(_source, 4_000, first);
        BulkDrop.WriteSessions(Path.Combine(_source, "sessions.csv"), 4_000, first, seed: 1);
        await new FolderIngestor(_database.DataSource, NullLogger.Instance).IngestAsync(_source, new IngestOptions { Today = new DateOnly(2026, 11, 25) });

        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        await Checks().RunAsync(Now, day, CancellationToken.None);
        var findings = await Checks().RunAsync(Now, day, CancellationToken.None);

        var missing = Assert.Single(findings);
        Assert.Equal(("missing_discharge", "BENCH", 0.70), (missing.Kind, missing.Subject, missing.Measured));
        Assert.StartsWith("70 of 100 episodes in care on 2025-05-24 had no session in 30 days", missing.Detail, StringComparison.Ordinal);
        Assert.Equal(1, await _database.ScalarAsync<long>("select count(*) from data_quality_finding"));
    }

    // One source named "north" and the default thresholds, as a server configured with one source folder runs it.
    private CheckDataQuality Checks() => new(_database.DataSource, ["north"], new DataQualityOptions());

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_source, recursive: true);
    }
}
