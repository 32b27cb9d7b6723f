using Dapper;
using Npgsql;

namespace Outcomes.Pipeline.DataQuality;

/// <summary>
/// The one owner of <c>data_quality_finding</c>: the daily check (<see cref="CheckDataQuality"/>) records its findings
/// here, and the reports read them from here (through <c>WriteMonthlyReports</c>), each as the role it acts as.
/// </summary>
public sealed class DataQualityFindings(NpgsqlDataSource dataSource)
{
    /// <summary>Records a day's findings: once per day, kind and subject (recording them again updates them).</summary>
    public async Task RecordAsync(IReadOnlyList<DataQualityFinding> findings, DateOnly checkedOn, CancellationToken cancellationToken = default)
    {
        const string sql = """
            insert into data_quality_finding (checked_on, check_kind, subject, measured, threshold, detail)
            values (@CheckedOn, @Kind, @Subject, @Measured, @Threshold, @Detail)
            on conflict (checked_on, check_kind, subject)
            do update set measured = excluded.measured, threshold = excluded.threshold, detail = excluded.detail, created_at = now()
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var f in findings)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { CheckedOn = checkedOn, f.Kind, f.Subject, f.Measured, f.Threshold, f.Detail },
                transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The findings checked from <paramref name="from"/> to <paramref name="to"/>: about the facility (or any, for all
    /// facilities: null), and about sources and the whole pipeline, which a facility's report shows too.
    /// </summary>
    public async Task<IReadOnlyList<RecordedFinding>> ListAsync(DateOnly from, DateOnly to, string? facility, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select checked_on as CheckedOn, check_kind as Kind, subject as Subject, measured as Measured, threshold as Threshold, detail as Detail
            from data_quality_finding
            where checked_on between @From and @To
              and (@Facility::text is null or subject = @Facility or not exists (select 1 from facility f where f.facility_id = subject))
            order by checked_on, check_kind, subject
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<RecordedFinding>(new CommandDefinition(sql, new { From = from, To = to, Facility = facility }, cancellationToken: cancellationToken))];
    }
}
