using Outcomes.Ingest.Csv;

namespace Outcomes.Ingest.Loading;

/// <summary>
/// The file as a whole cannot be loaded (no header, a required column missing, a quote the parser cannot read
/// past, ...): nothing of it loads, and the reason is recorded at <see cref="Line"/> (the header's, unless a later
/// line is at fault).
/// </summary>
internal sealed class FileRejectedException(string? field, string reason, int line = 1) : Exception(reason)
{
    public string? Field { get; } = field;

    public int Line { get; } = line;

    public static FileRejectedException ChangedWhileRead() => new(null,
        "the file changed while it was being read (its size, modification time or content is not what was hashed when reading began); nothing of it was loaded: send it again once it is complete");

    public static FileRejectedException MixedLineEnds(MixedLineEndsException mix) => new(null,
        $"{mix.Message}; a file must end all its lines the same way (LF, CRLF or CR), so nothing of it was loaded: save it again with one kind of line end",
        mix.Line);
}
