namespace Outcomes.Synthetic.Output;

/// <summary>Joins values into one CSV line, quoting those that hold a comma, a quote or a line break (RFC 4180).</summary>
internal static class CsvLine
{
    public static string Join(params IEnumerable<string> values) =>
        string.Join(',', values.Select(v => v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v)) + "\n";
}
