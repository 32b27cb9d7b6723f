namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>
/// What the importer wrote: the drop folder, rows per contract file, the trials imported (only those: never trials an
/// earlier import left in the database), the validations the release declares between them, and every row not carried
/// over with its reason. <see cref="Failure"/> says why nothing was written (an empty mapping); the drop folder is then
/// exactly as it was.
/// </summary>
public sealed record Ctn0094ImportResult(
    string DropFolder, IReadOnlyDictionary<string, int> RowsWritten, IReadOnlyList<Ctn0094Issue> Issues,
    IReadOnlyList<Ctn0094Trial> Trials, IReadOnlyList<Ctn0094Validation> Validations, string? Failure = null)
{
    public bool Succeeded => Failure is null;

    /// <summary>The issues grouped by trial, table and reason, with counts: what a person reads first.</summary>
    public IEnumerable<(string Trial, string Table, string Reason, int Count)> IssueSummary() =>
        Issues.GroupBy(i => (i.Trial, i.Table, i.Reason))
            .Select(g => (g.Key.Trial, g.Key.Table, g.Key.Reason, g.Count()))
            .OrderBy(g => g.Trial, StringComparer.Ordinal).ThenBy(g => g.Table, StringComparer.Ordinal).ThenByDescending(g => g.Item4).ThenBy(g => g.Reason, StringComparer.Ordinal);
}
