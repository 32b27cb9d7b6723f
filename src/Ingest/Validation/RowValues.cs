using Outcomes.Ingest.Contract;

namespace Outcomes.Ingest.Validation;

/// <summary>
/// The parsed values of one row, reused from row to row so that millions of rows allocate nothing but their
/// strings. Slot <c>i</c> belongs to field <c>i</c> of the entity; which array holds it depends on the field kind.
/// </summary>
public sealed class RowValues
{
    public RowValues(int fieldCount)
    {
        Present = new bool[fieldCount];
        Text = new string?[fieldCount];
        Integer = new long[fieldCount];
        Decimal = new decimal[fieldCount];
        Date = new DateOnly[fieldCount];
        Flag = new bool?[fieldCount];
        List = new string[fieldCount][];
    }

    /// <summary>False when the field was empty (stored as null).</summary>
    public bool[] Present { get; }

    public string?[] Text { get; }

    public long[] Integer { get; }

    public decimal[] Decimal { get; }

    public DateOnly[] Date { get; }

    public bool?[] Flag { get; }

    public string[][] List { get; }

    public void Clear()
    {
        Array.Clear(Present);
        Array.Clear(Text);
        Array.Clear(Flag);
    }

    public string? Code(int field) => Text[field];

    public bool Has(int field) => Present[field];

    internal void SetText(int field, string value)
    {
        Present[field] = true;
        Text[field] = value;
    }

    internal static FieldKind StorageKind(FieldKind kind) => kind switch
    {
        FieldKind.Id or FieldKind.StaffCode or FieldKind.Text or FieldKind.Code => FieldKind.Text,
        _ => kind,
    };
}
