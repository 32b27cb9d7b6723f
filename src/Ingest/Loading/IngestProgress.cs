namespace Outcomes.Ingest.Loading;

/// <summary>A progress report for long files: rows read so far and the time spent.</summary>
public readonly record struct IngestProgress(string FileName, string Phase, long RowsRead, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? RowsRead / Elapsed.TotalSeconds : 0;
}
