namespace Outcomes.Ingest.Csv;

/// <summary>A line of the file ends differently from the lines before it.</summary>
internal sealed class MixedLineEndsException(int line, LineEnd found, LineEnd expected)
    : Exception($"line {line} ends with {LineEndReader.Name(found)} but the lines before it end with {LineEndReader.Name(expected)}")
{
    public int Line { get; } = line;
}
