namespace Outcomes.Cli.Console;

/// <summary>
/// A plain, aligned text table for terminal output; numbers align right. Every cell and header is shown through
/// <see cref="VisibleText"/>: a cell from data cannot break its row into two or reorder the line.
/// </summary>
internal sealed class TextTable(params string[] columns)
{
    private readonly string[] _headers = [.. columns.Select(VisibleText.Of)];

    private readonly List<string[]> _rows = [];

    public void Add(params object?[] cells) =>
        _rows.Add([.. cells.Select(c => c switch
        {
            null => "",
            int i => i.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            long l => l.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            _ => VisibleText.Of(c.ToString()),
        })]);

    public int Count => _rows.Count;

    public void Write(TextWriter writer)
    {
        var widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var numeric = _headers.Select((_, i) => _rows.Count > 0 && _rows.All(r => r[i].Length == 0 || r[i].All(c => char.IsDigit(c) || c is ',' or '.' or '-'))).ToArray();
        writer.WriteLine(string.Join("  ", _headers.Select((h, i) => Pad(h, widths[i], numeric[i]))).TrimEnd());
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((c, i) => Pad(c, widths[i], numeric[i]))).TrimEnd());
        }
    }

    private static string Pad(string text, int width, bool right) => right ? text.PadLeft(width) : text.PadRight(width);
}
