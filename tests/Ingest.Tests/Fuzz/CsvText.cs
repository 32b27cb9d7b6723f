using System.Text;

namespace Outcomes.Ingest.Tests.Fuzz;

/// <summary>
/// Writes rows of decoded field values as an RFC 4180 file, the way a careful exporter would, and remembers the
/// physical line each row starts on. Field values may hold anything (quotes, line breaks, NUL, 1 MB of text);
/// <see cref="ProgramReference.InvalidUtf8"/> becomes a byte that is not UTF-8.
/// </summary>
internal static class CsvText
{
    private static readonly byte[] Marker = Encoding.UTF8.GetBytes(ProgramReference.InvalidUtf8.ToString());

    /// <summary>The file's bytes and the line each row starts on (the header is line 1).</summary>
    public static (byte[] Bytes, int[] Lines) Write(string header, IReadOnlyList<IReadOnlyList<string>> rows, bool crlf)
    {
        var lineEnd = crlf ? "\r\n" : "\n";
        var text = new StringBuilder(header).Append(lineEnd);
        var lines = new int[rows.Count];
        var line = 2;
        for (var r = 0; r < rows.Count; r++)
        {
            lines[r] = line;
            var row = string.Join(",", rows[r].Select(Quote));
            text.Append(row).Append(lineEnd);
            line += row.Count(c => c == '\n') + 1;
        }

        return (ReplaceMarker(Encoding.UTF8.GetBytes(text.ToString())), lines);
    }

    /// <summary>A text as UTF-8, with <see cref="ProgramReference.InvalidUtf8"/> as a byte that is not UTF-8.</summary>
    public static byte[] Bytes(string text) => ReplaceMarker(Encoding.UTF8.GetBytes(text));

    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static byte[] ReplaceMarker(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf(Marker) < 0)
        {
            return bytes;
        }

        var output = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes.AsSpan(i).StartsWith(Marker))
            {
                output.Add(0xFF);
                i += Marker.Length - 1;
            }
            else
            {
                output.Add(bytes[i]);
            }
        }

        return [.. output];
    }
}
