using System.Globalization;
using Dapper;
using Npgsql;
using Outcomes.Analytics.Runs;
using Outcomes.Ingest.Ledger;

namespace Outcomes.Pipeline.DataQuality;

/// <summary>
/// The data-quality checks, run daily by the data-quality job and once by the demo: sources that stopped delivering, days with far more quarantined rows than usual, and facilities
/// with many patients "in care" who have not been seen for a month (discharges not recorded). Findings are stored in
/// <c>data_quality_finding</c> (once per day, kind and subject: running the check again updates them).
/// </summary>
/// <param name="analyst">The analyst's data source: it reads the ledger and the care tables and writes the findings.</param>
/// <param name="sources">The names of the source folders pulled on a schedule, each checked for silence.</param>
/// <param name="thresholds">When a measure becomes a finding.</param>
public sealed class CheckDataQuality(NpgsqlDataSource analyst, IReadOnlyList<string> sources, DataQualityOptions thresholds)
{
    public async Task<IReadOnlyList<DataQualityFinding>> RunAsync(DateTimeOffset now, DateOnly checkedOn, CancellationToken cancellationToken)
    {
        var findings = new List<DataQualityFinding>();
        await using (var connection = await analyst.OpenConnectionAsync(cancellationToken))
        {
            foreach (var source in sources)
            {
                if (await StaleSourceAsync(connection, source, now, cancellationToken) is { } stale)
                {
                    findings.Add(stale);
                }
            }

        }

        if (await QuarantineSpikeAsync(now, cancellationToken) is { } spike)
        {
            findings.Add(spike);
        }

        if (await DataThrough.LatestAsync(analyst, cancellationToken) is { } through)
        {
            foreach (var facility in await MissingDischarges.ByFacilityAsync(analyst, through, cancellationToken))
            {
                var share = facility.InCare == 0 ? 0 : (double)facility.WithoutSessions / facility.InCare;
                if (share > thresholds.MissingDischargeShare)
                {
                    findings.Add(new DataQualityFinding("missing_discharge", facility.FacilityId, share, thresholds.MissingDischargeShare,
                        string.Create(CultureInfo.InvariantCulture,
                            $"{facility.WithoutSessions} of {facility.InCare} episodes in care on {through:yyyy-MM-dd} had no session in 30 days ({share:P0}): discharges are probably not being recorded")));
                }
            }
        }

        await new DataQualityFindings(analyst).RecordAsync(findings, checkedOn, cancellationToken);
        return findings;
    }

    private async Task<DataQualityFinding?> StaleSourceAsync(NpgsqlConnection connection, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            select (select max(pulled_at) from source_file where source_name = @Source) as LastFile,
                   (select min(started_at) from job_run where job = 'pull' and scope = @Source) as FirstPull
            """;
        var (lastFile, firstPull) = await connection.QuerySingleAsync<(DateTime?, DateTime?)>(new CommandDefinition(
            sql, new { Source = source }, cancellationToken: cancellationToken));
        var since = lastFile ?? firstPull;
        if (since is null)
        {
            return null;
        }

        var hours = (now.UtcDateTime - DateTime.SpecifyKind(since.Value, DateTimeKind.Utc)).TotalHours;
        var limit = thresholds.StaleSourceHours;
        if (hours <= limit)
        {
            return null;
        }

        return new DataQualityFinding("stale_source", source, Math.Round(hours, 1), limit,
            lastFile is null
                ? string.Create(CultureInfo.InvariantCulture, $"no file has arrived in {hours:F0} hours of pulling (limit {limit} h)")
                : string.Create(CultureInfo.InvariantCulture, $"the last file arrived {hours:F0} hours ago (limit {limit} h)"));
    }

    private async Task<DataQualityFinding?> QuarantineSpikeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (dayQuarantined, dayRead, beforeQuarantined, beforeRead) = await new LoadLedger(analyst).RecentVolumeAsync(now, cancellationToken);
        if (dayQuarantined < thresholds.QuarantineSpikeMinimumRows || dayRead == 0)
        {
            return null;
        }

        var dayShare = (double)dayQuarantined / dayRead;
        var usual = beforeRead == 0 ? 0 : (double)beforeQuarantined / beforeRead;
        var limit = beforeRead == 0 ? thresholds.QuarantineShareWithoutHistory : usual * thresholds.QuarantineSpikeFactor;
        if (dayShare <= limit)
        {
            return null;
        }

        return new DataQualityFinding("quarantine_spike", "all", dayShare, limit,
            string.Create(CultureInfo.InvariantCulture,
                $"{dayQuarantined:N0} of {dayRead:N0} rows loaded in the last 24 hours were quarantined ({dayShare:P1}); the previous 28 days: {(beforeRead == 0 ? "no loads" : usual.ToString("P1", CultureInfo.InvariantCulture))}. See outcomes quarantine list"));
    }
}
