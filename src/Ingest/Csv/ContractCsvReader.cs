using System.Text;
using Sylvan.Data.Csv;

namespace Outcomes.Ingest.Csv;

/// <summary>
/// Reads a contract CSV file (UTF-8, header row, RFC 4180 quoting, LF or CRLF) with Sylvan's parser and keeps
/// track of the physical line each record starts on, so that messages can point at it even when quoted
/// fields span lines.
/// </summary>
internal sealed class ContractCsvReader : IDisposable
{
    /// <summary>A record longer than this is not a row of any contract file; the file is read up to it.</summary>
    public const int MaxRecordChars = 16 * 1024 * 1024;

    private readonly CsvDataReader _reader;
    private int _nextLine = 2;

    private ContractCsvReader(CsvDataReader reader, string[] header)
    {
        _reader = reader;
        Header = header;
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

    public ReadOnlySpan<char> Field(int ordinal) => ordinal < _reader.RowFieldCount ? _reader.GetFieldSpan(ordinal) : [];

    public ReadOnlySpan<char> RawRecord => _reader.GetRawRecordSpan().TrimEnd("\r\n");

    /// <summary>Opens a file; null header when the file has no bytes at all.</summary>
    public static ContractCsvReader? Open(Stream stream)
    {
        // Invalid bytes become U+FFFD instead of failing the whole file: the row holding them is quarantined.
        var text = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        if (text.Peek() < 0)
        {
            text.Dispose();
            return null;
        }

        var options = new CsvDataReaderOptions
        {
            HasHeaders = true,
            Delimiter = ',',
            BufferSize = 1 << 16,
            MaxBufferSize = MaxRecordChars,
            OwnsReader = true,
            HeaderComparer = StringComparer.OrdinalIgnoreCase,
        };
        var reader = CsvDataReader.Create(text, options);
        var header = new string[reader.FieldCount];
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = reader.GetName(i).Trim().TrimStart('\uFEFF');
        }

        return new ContractCsvReader(reader, header);
    }

    public bool Read()
    {
        if (!_reader.Read())
        {
            return false;
        }

        LineNumber = _nextLine;
        _nextLine += _reader.GetRawRecordSpan().Count('\n');
        return true;
    }

    public void Dispose() => _reader.Dispose();
}
