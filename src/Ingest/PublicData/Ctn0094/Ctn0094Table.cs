using Sylvan.Data.Csv;

namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>One CSV table of the CTN-0094 data: rows as column → text (empty cells as ""), with their line numbers.</summary>
internal sealed class Ctn0094Table
{
    private Ctn0094Table(string name, IReadOnlyList<Ctn0094Row> rows)
    {
        Name = name;
        Rows = rows;
    }

    public string Name { get; }

    public IReadOnlyList<Ctn0094Row> Rows { get; }

    public static Ctn0094Table Read(string folder, string name, params string[] required)
    {
        var path = Path.Combine(folder, name + ".csv");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{name}.csv: not in the CTN-0094 folder; expected the tables of the public.ctn0094data package.", path);
        }

        using var reader = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = true, HeaderComparer = StringComparer.OrdinalIgnoreCase });
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var missing = required.Where(r => !columns.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{name}.csv: column(s) {string.Join(", ", missing)} missing; expected {string.Join(", ", required)}.");
        }

        var rows = new List<Ctn0094Row>();
        var line = 1;
        while (reader.Read())
        {
            line++;
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < columns.Length; i++)
            {
                values[columns[i]] = reader.GetString(i).Trim();
            }

            rows.Add(new Ctn0094Row(line, values));
        }

        return new Ctn0094Table(name, rows);
    }
}

internal sealed record Ctn0094Row(int Line, IReadOnlyDictionary<string, string> Values)
{
    public string this[string column] => Values.TryGetValue(column, out var v) ? v : "";

    public int? Int(string column) => int.TryParse(this[column], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
}
