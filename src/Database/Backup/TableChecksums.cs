using System.Text;
using Dapper;
using Npgsql;

namespace Outcomes.Database.Backup;

/// <summary>
/// Row counts and checksums of every table of a database, as a backup's manifest records them and a restore drill
/// recomputes them. A row's checksum is the MD5 of its text form over the listed columns; a table's is the MD5 of the
/// sums of its rows' two 64-bit halves, so it needs no sort and no memory beyond a row, and rows in any order give the
/// same result. The session's output settings are pinned so two servers of the same major version print a row alike.
/// </summary>
internal static class TableChecksums
{
    /// <summary>
    /// Settings that decide how a row prints. <c>row_security = off</c>, as pg_dump sets it, makes a login that row-level
    /// security would filter fail instead of summing part of a table.
    /// </summary>
    private const string PinnedSettingsSql = """
        set local row_security = off;
        set local extra_float_digits = 1;
        set local datestyle = 'ISO, YMD';
        set local intervalstyle = 'postgres';
        set local timezone = 'UTC';
        set local bytea_output = 'hex';
        """;

    /// <summary>Every ordinary table outside the system schemas, with its columns in order, quoted by the server.</summary>
    private const string TablesSql = """
        select n.nspname as Schema, c.relname as "Table",
               array_agg(a.attname::text order by a.attnum) as Columns
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
          and n.nspname not like 'pg\_toast%' and n.nspname not like 'pg\_temp%'
        group by n.nspname, c.relname
        order by n.nspname, c.relname
        """;

    /// <summary>All tables of the database, inside the caller's transaction (the snapshot the dump reads).</summary>
    public static async Task<IReadOnlyList<TableChecksum>> ComputeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(PinnedSettingsSql, transaction: transaction, cancellationToken: cancellationToken));
        var tables = await connection.QueryAsync<(string Schema, string Table, string[] Columns)>(
            new CommandDefinition(TablesSql, transaction: transaction, cancellationToken: cancellationToken));
        var result = new List<TableChecksum>();
        foreach (var (schema, table, columns) in tables)
        {
            var (rows, checksum) = await ChecksumAsync(connection, transaction, schema, table, columns, cancellationToken);
            result.Add(new TableChecksum(schema, table, rows, checksum, columns));
        }

        return result;
    }

    /// <summary>
    /// The tables a manifest lists, recomputed over the manifest's own columns; a table or column no longer there is
    /// reported as missing rather than failing the whole comparison.
    /// </summary>
    public static async Task<IReadOnlyList<TableDifference>> CompareAsync(
        NpgsqlConnection connection, IReadOnlyList<TableChecksum> expected, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(PinnedSettingsSql, transaction: transaction, cancellationToken: cancellationToken));
        var present = (await connection.QueryAsync<(string Schema, string Table, string[] Columns)>(
                new CommandDefinition(TablesSql, transaction: transaction, cancellationToken: cancellationToken)))
            .ToDictionary(t => (t.Schema, t.Table), t => t.Columns.ToHashSet(StringComparer.Ordinal));
        var differences = new List<TableDifference>();
        foreach (var table in expected)
        {
            if (!present.TryGetValue((table.Schema, table.Table), out var columns))
            {
                differences.Add(new TableDifference(table, null, null, "the table is missing"));
                continue;
            }

            var missing = table.Columns.Where(c => !columns.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                differences.Add(new TableDifference(table, null, null, $"column(s) {string.Join(", ", missing)} missing"));
                continue;
            }

            var (rows, checksum) = await ChecksumAsync(connection, transaction, table.Schema, table.Table, table.Columns, cancellationToken);
            if (rows != table.Rows)
            {
                differences.Add(new TableDifference(table, rows, checksum, $"{rows:N0} rows, the manifest says {table.Rows:N0}"));
            }
            else if (checksum != table.Checksum)
            {
                differences.Add(new TableDifference(table, rows, checksum, $"the same {rows:N0} rows but different content (checksum {checksum[..12]}…, the manifest says {table.Checksum[..Math.Min(12, table.Checksum.Length)]}…)"));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return differences;
    }

    private static async Task<(long Rows, string Checksum)> ChecksumAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        // Identifiers cannot be parameters: each name comes from the catalog and is quoted by the server.
        var quoted = await connection.QuerySingleAsync<(string Table, string[] Columns)>(new CommandDefinition(
            "select format('%I.%I', @Schema::text, @Table::text) as Table, array(select format('%I', c) from unnest(@Columns::text[]) with ordinality as u(c, i) order by i) as Columns",
            new { Schema = schema, Table = table, Columns = columns.ToArray() }, transaction, cancellationToken: cancellationToken));
        var sql = new StringBuilder()
            .Append("select count(*) as Rows, md5(coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint), 0)::text || ':' || ")
            .Append("coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint), 0)::text) as Checksum ")
            .Append("from (select md5(row(").Append(string.Join(", ", quoted.Columns)).Append(")::text) as h from only ").Append(quoted.Table).Append(") r")
            .ToString();
        return await connection.QuerySingleAsync<(long, string)>(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
    }
}
