using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Database.Connection;
using Outcomes.Jobs.Configuration;

namespace Outcomes.Jobs.Telemetry;

/// <summary>
/// The measures read from the database when metrics are collected (meter <see cref="MeterName"/>), so they hold for
/// every server on the database and survive restarts: the age of each configured source's last successful pull, and the
/// flags raised and reviewed by facility. A collection the database cannot answer reports nothing (and logs why): a
/// missing series is what an alert on absence is for.
/// </summary>
internal sealed class StoredMeasures : IHostedService, IDisposable
{
    public const string MeterName = "Outcomes.Stored";

    private readonly Meter _meter = new(MeterName);
    private readonly NpgsqlDataSource _admin;
    private readonly NpgsqlDataSource _reporter;
    private readonly IReadOnlyList<string> _sources;
    private readonly TimeProvider _time;
    private readonly ILogger<StoredMeasures> _logger;

    public StoredMeasures(RoleDataSources sources, IOptions<JobsOptions> options, TimeProvider time, ILogger<StoredMeasures> logger)
    {
        _admin = sources.Admin;
        // Flags are counted as the reporter, which sees their facility and status only (db/grants.sql).
        _reporter = sources.For(DatabaseRole.Reporter);
        _sources = [.. options.Value.Sources.Select(s => s.Name)];
        _time = time;
        _logger = logger;
        _meter.CreateObservableGauge("outcomes.source.last_success.age", PullAges, "s",
            "Seconds since the last successful pull of each configured source (label source); absent until its first success");
        _meter.CreateObservableCounter("outcomes.flags.raised", FlagsRaised, "{flag}",
            "Dropout-risk flags raised so far, by facility (label facility)");
        _meter.CreateObservableCounter("outcomes.flags.reviewed", FlagsReviewed, "{flag}",
            "Flags with at least one review recorded, by facility (label facility)");
    }

    private IEnumerable<Measurement<double>> PullAges()
    {
        const string sql = """
            select scope as Source, max(finished_at) as FinishedAt from job_run
            where job = 'pull' and outcome = 'succeeded' and scope = any(@Sources)
            group by scope
            """;
        var now = _time.GetUtcNow().UtcDateTime;
        return Read<(string Source, DateTime FinishedAt)>(_admin, sql, new { Sources = _sources.ToArray() })
            .Select(r => new Measurement<double>(
                Math.Max(0, (now - DateTime.SpecifyKind(r.FinishedAt, DateTimeKind.Utc)).TotalSeconds),
                new KeyValuePair<string, object?>("source", r.Source)));
    }

    private IEnumerable<Measurement<long>> FlagsRaised() => ByFacility("select facility_id, count(*) from risk_flag group by facility_id");

    private IEnumerable<Measurement<long>> FlagsReviewed() => ByFacility("""
        select f.facility_id, count(*) from risk_flag f
        where exists (select 1 from risk_flag_review v where v.flag_id = f.flag_id)
        group by f.facility_id
        """);

    private IEnumerable<Measurement<long>> ByFacility(string sql) =>
        Read<(string Facility, long Count)>(_reporter, sql, null)
            .Select(r => new Measurement<long>(r.Count, new KeyValuePair<string, object?>("facility", r.Facility)));

    private List<T> Read<T>(NpgsqlDataSource dataSource, string sql, object? parameters)
    {
        try
        {
            // Collection is synchronous (OpenTelemetry calls back on the scrape): a short, bounded query.
            using var connection = dataSource.OpenConnection();
            return [.. connection.Query<T>(new CommandDefinition(sql, parameters, commandTimeout: 10))];
        }
        catch (NpgsqlException ex)
        {
            _logger.LogWarning("Metrics: could not read the database for a measure: {Message}", ex.Message);
            return [];
        }
    }

    // The instruments exist from construction; the host only has to create this service when it starts.
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _meter.Dispose();
}
