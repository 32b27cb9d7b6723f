using System.Globalization;
using System.Text;
using Outcomes.Ingest.Contract;
using Outcomes.Synthetic.Dirt;

namespace Outcomes.Synthetic.Output;

/// <summary>
/// Writes one contract file row by row: the header comes from the contract's definition, each row's values are
/// set by column (so the column order is the contract's, whatever order the generator fills them in), and the row
/// goes straight to disk. UTF-8 without a byte-order mark, "\n" line ends, invariant formatting: the same rows
/// always give the same bytes. Nothing is kept after a row is written, so memory stays flat.
/// </summary>
internal sealed class ContractFileWriter : IDisposable
{
    private const int SlotCapacity = 512;
    private static readonly string[] IdFormats = [.. Enumerable.Range(0, 16).Select(d => d == 0 ? "" : "D" + d.ToString(CultureInfo.InvariantCulture))];

    private readonly StreamWriter _writer;
    private readonly char[][] _slots;
    private readonly int[] _lengths;
    private readonly bool[] _filled;
    private readonly char[] _row;

    public ContractFileWriter(string folder, EntityDefinition entity)
    {
        Entity = entity;
        FileName = entity.Name + ".csv";
        _writer = new StreamWriter(Path.Combine(folder, FileName), false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        _slots = [.. entity.Fields.Select(_ => new char[SlotCapacity])];
        _lengths = new int[entity.Fields.Count];
        _filled = new bool[entity.Fields.Count];
        _row = new char[entity.Fields.Count * (SlotCapacity + 1)];
        _writer.Write(string.Join(',', entity.Fields.Select(f => f.Name)));
        _writer.Write('\n');
    }

    public EntityDefinition Entity { get; }

    public string FileName { get; }

    /// <summary>The line the last row was written on (the header is line 1).</summary>
    public int Line { get; private set; } = 1;

    public long CleanRows { get; private set; }

    public long DirtyRows { get; private set; }

    /// <summary>Adds a malformed row now and then after a clean one; null for a clean drop.</summary>
    public DirtInjector? Dirt { get; set; }

    public int Column(string name) => Entity.IndexOf(name);

    public void Set(int column, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            // RFC 4180: a value holding a comma, quote or line break is quoted, inner quotes doubled.
            value = "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }

        value.AsSpan().CopyTo(_slots[column]);
        Filled(column, value.Length);
    }

    public void Set(int column, long value)
    {
        value.TryFormat(_slots[column], out var written, default, CultureInfo.InvariantCulture);
        Filled(column, written);
    }

    /// <summary>An id made of a letter and a number: P0000042, S123.</summary>
    public void SetId(int column, char prefix, long number, int digits)
    {
        var slot = _slots[column];
        slot[0] = prefix;
        number.TryFormat(slot.AsSpan(1), out var written, IdFormats[digits], CultureInfo.InvariantCulture);
        Filled(column, written + 1);
    }

    public void Set(int column, DateOnly date)
    {
        Dates.Write(date, _slots[column]);
        Filled(column, Dates.Length);
    }

    public void SetYesNo(int column, bool value) => Set(column, value ? "yes" : "no");

    public void SetEmpty(int column) => Filled(column, 0);

    /// <summary>The text of a column of the row being built, or of the row just written.</summary>
    public string Value(int column) => new(_slots[column], 0, _lengths[column]);

    public void EndRow()
    {
        var length = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (!_filled[i])
            {
                throw new InvalidOperationException($"{FileName}: column {Entity.Fields[i].Name} was not set for the row.");
            }

            if (i > 0)
            {
                _row[length++] = ',';
            }

            _slots[i].AsSpan(0, _lengths[i]).CopyTo(_row.AsSpan(length));
            length += _lengths[i];
            _filled[i] = false;
        }

        _row[length++] = '\n';
        _writer.Write(_row, 0, length);
        Line++;
        CleanRows++;
        Dirt?.AfterCleanRow(this);
    }

    /// <summary>Writes a row exactly as given (a deliberately malformed one); values are not quoted.</summary>
    public void WriteRaw(IReadOnlyList<string> values)
    {
        _writer.Write(string.Join(',', values));
        _writer.Write('\n');
        Line++;
        DirtyRows++;
    }

    public void Dispose() => _writer.Dispose();

    private void Filled(int column, int length)
    {
        _lengths[column] = length;
        _filled[column] = true;
    }
}
