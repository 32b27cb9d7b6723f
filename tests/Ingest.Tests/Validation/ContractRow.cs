using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Validation;
using Xunit;

namespace Outcomes.Ingest.Tests.Validation;

/// <summary>
/// One row of a contract file written as a center would send it ("F1,S1,E1,2026-01-05,group,60,no_show,"),
/// parsed field by field with <see cref="FieldParser"/> as the ingest does, ready for the file's row rule.
/// </summary>
internal sealed class ContractRow
{
    public static readonly DateOnly Today = new(2026, 11, 25);

    public static readonly IngestOptions Options = new() { Today = Today };

    private readonly EntityDefinition _entity;

    private ContractRow(EntityDefinition entity, RowValues values)
    {
        _entity = entity;
        Values = values;
    }

    public RowValues Values { get; }

    /// <summary>
    /// Parses every field of <paramref name="csv"/> (no quoting: values are split at commas). A field that is bad
    /// on its own fails the test, since the row rule under test would then never run. Trailing columns a file may leave
    /// out (<see cref="FieldDefinition.MayBeAbsent"/>) may be left off the row too: they read as empty, as in the ingest.
    /// </summary>
    public static ContractRow Parse(EntityDefinition entity, string csv)
    {
        var raw = csv.Split(',');
        var fewest = entity.Fields.Count - entity.Fields.Reverse().TakeWhile(f => f.MayBeAbsent).Count();
        Assert.True(raw.Length >= fewest && raw.Length <= entity.Fields.Count, $"{entity.Name} has {entity.Fields.Count} fields, the test row {raw.Length}");
        var values = new RowValues(entity.Fields.Count);
        for (var i = 0; i < entity.Fields.Count; i++)
        {
            var problem = FieldParser.Parse(i < raw.Length ? raw[i] : "", entity.Fields[i], i, values, Options.LatestAcceptedDate);
            Assert.True(problem is null, $"{entity.Fields[i].Name}: {problem}");
        }

        return new ContractRow(entity, values);
    }

    /// <summary>Runs the file's row rule, which may also fill defaults into <see cref="Values"/>.</summary>
    public RowIssue? Check(IngestOptions? options = null) => _entity.RowRule(Values, options ?? Options);

    public bool Has(string field) => Values.Has(_entity.IndexOf(field));

    public string? Text(string field) => Values.Text[_entity.IndexOf(field)];

    public long Integer(string field) => Values.Integer[_entity.IndexOf(field)];
}
