namespace Outcomes.Database.Backup;

/// <summary>
/// One table as a backup holds it: its row count and a checksum of its rows over <see cref="Columns"/> (the columns it
/// had then, so a later migration adding a column does not change what is compared).
/// </summary>
public sealed record TableChecksum(string Schema, string Table, long Rows, string Checksum, IReadOnlyList<string> Columns)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string QualifiedName => $"{Schema}.{Table}";
}
