namespace Outcomes.Ingest.Csv;

/// <summary>
/// Sits between the decoder and the CSV parser and watches the line ends outside quoted values: the first one
/// fixes the file's style (LF, CRLF or CR), and a later line ending another way stops the read with
/// <see cref="MixedLineEndsException"/> naming its line. A parser given a mix splits or joins rows
/// differently from any reading a person would make of the file, so such a file is not read at all. Line breaks
/// inside a quoted value are part of the value (a CRLF file may quote an LF, as spreadsheets write them); those
/// in the file's own style still count as lines.
/// </summary>
internal sealed class LineEndReader(TextReader inner) : TextReader
{
    private State _state = State.FieldStart;
    private bool _pendingCr;
    private int _line = 1;

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    /// <summary>The file's line end, once the first line has ended.</summary>
    public LineEnd? Style { get; private set; }

    public static string Name(LineEnd end) => end switch
    {
        LineEnd.Lf => "LF",
        LineEnd.CrLf => "CRLF",
        _ => "CR",
    };

    /// <summary>How many of the file's line breaks <paramref name="raw"/> holds, quoted or not.</summary>
    public int LineBreaks(ReadOnlySpan<char> raw) => Style == LineEnd.Cr ? raw.Count('\r') : raw.Count('\n');

    public override int Peek() => inner.Peek();

    public override int Read()
    {
        var c = inner.Read();
        if (c < 0)
        {
            AtEnd();
        }
        else
        {
            Watch((char)c);
        }

        return c;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var read = inner.Read(buffer);
        Watch(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Watch(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Watch(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            AtEnd();
            return;
        }

        foreach (var c in chars)
        {
            Watch(c);
        }
    }

    private void Watch(char c)
    {
        if (_pendingCr)
        {
            _pendingCr = false;
            if (c == '\n')
            {
                LineEnded(LineEnd.CrLf);
                return;
            }

            LineEnded(LineEnd.Cr);
        }

        switch (_state)
        {
            case State.Quoted:
                if (c == '"')
                {
                    _state = State.QuoteInQuoted;
                }
                else if (c == (Style == LineEnd.Cr ? '\r' : '\n'))
                {
                    _line++;
                }

                return;
            case State.QuoteInQuoted when c == '"':
                _state = State.Quoted;
                return;
            case State.FieldStart when c == '"':
                _state = State.Quoted;
                return;
        }

        switch (c)
        {
            case ',':
                _state = State.FieldStart;
                break;
            case '\r':
                _pendingCr = true;
                break;
            case '\n':
                LineEnded(LineEnd.Lf);
                break;
            default:
                _state = State.Unquoted;
                break;
        }
    }

    private void AtEnd()
    {
        if (_pendingCr)
        {
            _pendingCr = false;
            LineEnded(LineEnd.Cr);
        }
    }

    private void LineEnded(LineEnd end)
    {
        Style ??= end;
        if (end != Style)
        {
            throw new MixedLineEndsException(_line, end, Style.Value);
        }

        _line++;
        _state = State.FieldStart;
    }
}
