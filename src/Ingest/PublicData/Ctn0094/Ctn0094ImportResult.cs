namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>What the importer wrote: the drop folder, rows per contract file, and every row not carried over with its reason.</summary>
public sealed record Ctn0094ImportResult(string DropFolder, IReadOnlyDictionary<string, int> RowsWritten, IReadOnlyList<Ctn0094Issue> Issues)
{
    /// <summary>The issues grouped by table and reason, with counts: what a person reads first.</summary>
    public IEnumerable<(string Table, string Reason, int Count)> IssueSummary() =>
        Issues.GroupBy(i => (i.Table, i.Reason)).Select(g => (g.Key.Table, g.Key.Reason, g.Count())).OrderBy(g => g.Table, StringComparer.Ordinal).ThenByDescending(g => g.Item3);
}
