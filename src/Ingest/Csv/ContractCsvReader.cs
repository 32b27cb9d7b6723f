using System.Text;
using Sylvan.Data.Csv;

namespace Outcomes.Ingest.Csv;

/// <summary>
/// Reads a contract CSV file (UTF-8, header row, RFC 4180 quoting, LF, CRLF or CR line ends, one style per file)
/// with Sylvan's parser and keeps track of the physical line each record starts on, so that messages can point at
/// it even when quoted fields span lines.
/// </summary>
internal sealed class ContractCsvReader : IDisposable
{
    /// <summary>A record longer than this is not a row of any contract file; the file is read up to it.</summary>
    public const int MaxRecordChars = 16 * 1024 * 1024;

    private readonly CsvDataReader _reader;
    private readonly LineEndReader _lineEnds;
    private int _nextLine;

    private ContractCsvReader(CsvDataReader reader, LineEndReader lineEnds, string[] header, int headerLines)
    {
        _reader = reader;
        _lineEnds = lineEnds;
        Header = header;
        _nextLine = 1 + headerLines;
    }

    public IReadOnlyList<string> Header { get; }

    /// <summary>The line of the file the current record starts on (the header is line 1).</summary>
    public int LineNumber { get; private set; } = 1;

    /// <summary>The line the next record would start on; where a read failure is reported.</summary>
    public int NextLineNumber => _nextLine;

    public int FieldCount => _reader.RowFieldCount;

    /// <summary>An empty line: skipped, not counted as a row.</summary>
    public bool IsBlank => _reader.RowFieldCount <= 1 && _reader.GetFieldSpan(0).IsEmpty;

    /// <summary>The decoder met bytes that are not UTF-8 and put U+FFFD in their place.</summary>
    public bool HasInvalidUtf8 => _reader.GetRawRecordSpan().Contains('\uFFFD');

    /// <summary>The field at <paramref name="ordinal"/>; empty past the row's end, and for -1 (a column the header may leave out).</summary>
    public ReadOnlySpan<char> Field(int ordinal) => ordinal >= 0 && ordinal < _reader.RowFieldCount ? _reader.GetFieldSpan(ordinal) : [];

    public ReadOnlySpan<char> RawRecord => _reader.GetRawRecordSpan().TrimEnd("\r\n");

    /// <summary>
    /// Opens a file; null when the file has no characters at all. Throws <see cref="OtherEncodingException"/> for a
    /// file that says (by its byte-order mark) it is UTF-16 or UTF-32, and <see cref="MixedLineEndsException"/> or
    /// Sylvan's <see cref="CsvFormatException"/> when the header cannot be read.
    /// </summary>
    public static ContractCsvReader? Open(Stream stream, char delimiter = ',')
    {
        // Invalid bytes become U+FFFD instead of failing the whole file: the row holding them is quarantined.
        var text = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var empty = text.Peek() < 0;
        if (text.CurrentEncoding.CodePage != Encoding.UTF8.CodePage)
        {
            // The byte-order mark said UTF-16 or UTF-32: every value would be read as something the center did not
            // mean to send as UTF-8, so the whole file is refused rather than each row.
            var name = text.CurrentEncoding.WebName.ToUpperInvariant();
            text.Dispose();
            throw new OtherEncodingException(name);
        }

        if (empty)
        {
            text.Dispose();
            return null;
        }

        var lineEnds = new LineEndReader(text);

        var options = new CsvDataReaderOptions
        {
            HasHeaders = true,
            Delimiter = delimiter,
            BufferSize = 1 << 16,
            MaxBufferSize = MaxRecordChars,
            OwnsReader = true,
            HeaderComparer = StringComparer.OrdinalIgnoreCase,
        };
        var reader = CsvDataReader.Create(lineEnds, options);
        var header = new string[reader.FieldCount];
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = reader.GetName(i).Trim().TrimStart('\uFEFF');
        }

        // The header's own line breaks (inside a quoted name) count too.
        var headerLines = 1 + header.Sum(h => lineEnds.LineBreaks(h));
        return new ContractCsvReader(reader, lineEnds, header, headerLines);
    }

    public bool Read()
    {
        if (!_reader.Read())
        {
            return false;
        }

        LineNumber = _nextLine;
        var raw = _reader.GetRawRecordSpan();
        _nextLine += _lineEnds.LineBreaks(raw);

        // The last record may end at the end of the file with no line break: it still takes a line.
        if (raw.IsEmpty || !IsLineBreak(raw[^1]))
        {
            _nextLine++;
        }

        return true;
    }

    public void Dispose() => _reader.Dispose();

    private static bool IsLineBreak(char c) => c is '\n' or '\r';
}
