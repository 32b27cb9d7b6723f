using Dapper;
using Npgsql;
using Outcomes.Ingest.Contract;

namespace Outcomes.Ingest.Ledger;

/// <summary>
/// The data-through date of every facility and dated source, from the load ledger: for each contract file whose rows
/// carry a date (<see cref="EntityDefinition.CoverageDateSql"/>), the latest date any committed load of that file carried
/// for the facility (and the earliest, where its data of the source begin) (<c>ingest_batch.facility_dates</c>, kept by every load since migration 0026 and filled from the
/// rows themselves for the loads before it). A facility none of whose loads of a file named it has no date for that
/// source: its file was never sent, or never held its rows. What a reader makes of a date — whether it reaches a day
/// — is the reader's (the dropout model's scoring, the period analysis). A facility-limited login sees its own loads
/// only (the ledger's row-level security), so it may see fewer dates than the data hold.
/// </summary>
public sealed class SourceDataThrough(NpgsqlDataSource dataSource)
{
    private const string FacilitiesSql = "select facility_id from facility order by facility_id";

    private const string ThroughSql = """
        select d.key as FacilityId, b.entity as Source, max((d.value ->> 'last')::date) as Through, count(*)::int as Loads,
               max(b.finished_at)::timestamp as LastLoadedAt, min((d.value ->> 'first')::date) as "From"
        from ingest_batch b
        cross join lateral jsonb_each(b.facility_dates) as d
        where b.status = 'committed' and b.facility_dates is not null
        group by d.key, b.entity
        """;

    /// <summary>The contract files whose rows carry a date, in load order: the sources a data-through date is kept for.</summary>
    public static IReadOnlyList<string> Sources { get; } = [.. DataContract.Files.Where(f => f.CoverageDateSql is not null).Select(f => f.Name)];

    /// <summary>Every known facility with every dated source, by facility then source in load order.</summary>
    public async Task<IReadOnlyList<FacilitySourceThrough>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, cancellationToken);
    }

    /// <inheritdoc cref="ReadAsync(CancellationToken)"/>
    public static async Task<IReadOnlyList<FacilitySourceThrough>> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        var facilities = (await connection.QueryAsync<string>(new CommandDefinition(FacilitiesSql, cancellationToken: cancellationToken))).ToList();
        var known = (await connection.QueryAsync<FacilitySourceThrough>(new CommandDefinition(ThroughSql, cancellationToken: cancellationToken)))
            .ToDictionary(r => (r.FacilityId, r.Source));
        return [.. facilities.Union(known.Keys.Select(k => k.FacilityId), StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .SelectMany(facility => Sources.Select(source =>
                known.TryGetValue((facility, source), out var row) ? row : new FacilitySourceThrough(facility, source, null, 0, null)))];
    }
}
