using Dapper;
using Npgsql;
using Outcomes.Ingest.Contract;

namespace Outcomes.Ingest.Loading;

/// <summary>
/// The merge for a file that is large against its table: a first load, a backfill, a full re-export.
/// Keeping a btree up to date row by row costs several times as much as building it once, and ON CONFLICT adds a
/// speculative insertion per new row and a row lock per stored row it meets (docs/performance.md). So the table's
/// indexes are dropped, the stored rows that differ are updated and the new rows inserted by two plain statements,
/// and the indexes are built again, all in the file's transaction: a kill or an error leaves table and indexes as
/// they were. Building the unique key again finds a key repeated within the file, as ON CONFLICT does otherwise.
/// When the key is built again (the file brings at least as many new rows as the table holds), the summaries the
/// table's statement triggers keep are put off and rebuilt whole once, after the indexes (<see cref="BulkMergeSql.Summaries"/>).
/// <para>
/// Dropping an index locks the table (ACCESS EXCLUSIVE) until the file commits: readers of the table wait for a
/// bulk load, where the ordinary merge lets them read on. Which merge runs is chosen from the table's row estimate
/// (pg_class.reltuples); the choice changes how fast a file loads, never what it loads.
/// </para>
/// </summary>
internal static class BulkMerge
{
    private const string TableRowsSql = "select greatest(reltuples, 0)::bigint from pg_class where oid = @Table::regclass";

    /// <summary>The bulk merge of a file: about how many rows its table holds, and the indexes built again.</summary>
    public sealed record Plan(long TableRows, IReadOnlyList<TableIndex> Indexes);

    /// <summary>The bulk merge for a file of <paramref name="goodRows"/> valid rows, or null for the ordinary merge.</summary>
    public static async Task<Plan?> ChooseAsync(
        NpgsqlConnection connection, EntityDefinition entity, long goodRows, IngestOptions options,
        Func<string, object?, CommandDefinition> command)
    {
        if (entity.Bulk is null || goodRows < options.BulkMinRows)
        {
            return null;
        }

        // A facility-limited login may not lock and rebuild a table holding every facility's rows (the database
        // refuses it too, migration 0021): its files take the ordinary merge.
        if (await connection.ExecuteScalarAsync<bool>(command("select facility_scope() is not null", null)))
        {
            return null;
        }

        // -1 (never analyzed) counts as empty: a table is analyzed soon after its first rows.
        var tableRows = await connection.ExecuteScalarAsync<long>(command(TableRowsSql, new { entity.Table }));
        var indexes = Choose(entity.Bulk, goodRows, tableRows);
        return indexes is null ? null : new Plan(tableRows, indexes);
    }

    /// <summary>The indexes to build again, or null when the table holds more rows than the file.</summary>
    public static IReadOnlyList<TableIndex>? Choose(BulkMergeSql bulk, long goodRows, long tableRows)
    {
        if (goodRows < tableRows)
        {
            return null;
        }

        // Growing the unique key row by row cost about five times as much per row as building it, so it is built
        // again when the file brings at least as many new rows as the table holds; otherwise (a re-export of
        // rows mostly stored already) it stays, kept up for the few new rows.
        return goodRows - tableRows >= tableRows ? [bulk.Key, .. bulk.OtherIndexes] : bulk.OtherIndexes;
    }

    /// <summary>
    /// Runs the bulk merge; returns the rows inserted and updated. A key repeated among the file's new rows raises a
    /// unique violation; one repeated among its stored rows shows in the counts, as in the ordinary merge.
    /// </summary>
    public static async Task<(long Inserted, long Updated)> RunAsync(
        NpgsqlConnection connection, BulkMergeSql bulk, Plan plan, Func<string, object?, CommandDefinition> command, object parameters)
    {
        // A table the planner believes tiny (empty, or without its key) invites a nested loop that scans the table
        // once per inserted row, seeing it grow: quadratic, minutes instead of seconds. Hash joins read it once.
        await connection.ExecuteAsync(command("set local enable_nestloop = off", null));

        // A file that rebuilds the key brings at least as many new rows as the table holds: its statements touch nearly
        // every part of the table's summaries, which one pass over the whole table rebuilds for less.
        var summaries = plan.Indexes.Contains(bulk.Key) ? bulk.Summaries : null;
        if (summaries is not null)
        {
            await connection.ExecuteAsync(command(summaries.DeferSql, null));
        }

        foreach (var index in plan.Indexes)
        {
            await connection.ExecuteAsync(command(index.DropSql, null));
        }

        var updated = await connection.ExecuteAsync(command(bulk.UpdateSql, parameters));
        var inserted = await connection.ExecuteAsync(command(bulk.InsertSql, parameters));

        // The key comes first in the list: a repeated key fails before the other indexes are built for nothing.
        foreach (var index in plan.Indexes)
        {
            await connection.ExecuteAsync(command(index.CreateSql, null));
        }

        if (summaries is not null)
        {
            await connection.ExecuteAsync(command(summaries.RebuildSql, null));
        }

        await connection.ExecuteAsync(command("reset enable_nestloop", null));
        return (inserted, updated);
    }
}
