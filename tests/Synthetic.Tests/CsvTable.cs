namespace Outcomes.Synthetic.Tests;

/// <summary>
/// A generated CSV file read back independently of the generator: the header and every row, each row with the
/// line it was on. Understands the quoting the truth files use (a quoted value with commas), nothing more.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(IReadOnlyList<string> header, IReadOnlyList<Row> rows)
    {
        Header = header;
        Rows = rows;
        _columns = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<Row> Rows { get; }

    public static CsvTable Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = Split(lines[0]);
        var rows = lines.Skip(1).Select((line, i) => new Row(i + 2, Split(line))).ToList();
        var table = new CsvTable(header, rows);
        foreach (var row in rows)
        {
            row.Table = table;
        }

        return table;
    }

    public int Column(string name) => _columns[name];

    private static string[] Split(string line)
    {
        var values = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                values.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        values.Add(current.ToString());
        return [.. values];
    }

    internal sealed class Row(int line, string[] values)
    {
        public int Line { get; } = line;

        public IReadOnlyList<string> Values { get; } = values;

        public CsvTable Table { get; set; } = null!;

        public string this[string column] => Values[Table.Column(column)];
    }
}
