namespace Outcomes.Ingest.Csv;

/// <summary>How a file ends its lines; one file uses one of them throughout.</summary>
internal enum LineEnd
{
    Lf,
    CrLf,
    Cr,
}
