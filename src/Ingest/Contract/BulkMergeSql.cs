namespace Outcomes.Ingest.Contract;

/// <summary>
/// The statements of the bulk merge, for files large against their table (see <c>Loading/BulkMerge.cs</c>):
/// the same rows as <see cref="EntityDefinition.MergeSql"/>, written by a plain update and a plain insert while
/// the table's indexes are dropped, then built once.
/// </summary>
public sealed record BulkMergeSql
{
    /// <summary>Updates the table's rows whose resolved stage row differs, parameter @Batch; its row count is the rows updated.</summary>
    public required string UpdateSql { get; init; }

    /// <summary>Inserts the resolved stage rows whose key is not in the table, parameter @Batch; its row count is the rows inserted.</summary>
    public required string InsertSql { get; init; }

    /// <summary>The table's unique key: rebuilt only when the file brings at least as many new rows as the table holds.</summary>
    public required TableIndex Key { get; init; }

    /// <summary>The table's other indexes: rebuilt by every bulk merge.</summary>
    public required IReadOnlyList<TableIndex> OtherIndexes { get; init; }

    /// <summary>
    /// Summaries the table's statement triggers keep, or null: when the file brings at least as many new rows as the
    /// table holds (its key is rebuilt), they are put off while the merge writes and rebuilt whole once, which costs
    /// what the table holds rather than a rebuild of each touched part.
    /// </summary>
    public DeferredSummaries? Summaries { get; init; }
}

/// <summary>The statement that puts a table's summaries off for the transaction, and the one that rebuilds them whole.</summary>
public sealed record DeferredSummaries(string DeferSql, string RebuildSql);
