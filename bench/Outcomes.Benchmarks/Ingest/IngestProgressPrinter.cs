using System.Diagnostics;
using Outcomes.Ingest.Loading;

namespace Outcomes.Benchmarks.Ingest;

/// <summary>Prints the benchmark ingest's progress to standard error at most every couple of seconds, as <c>outcomes ingest</c> does.</summary>
internal sealed class IngestProgressPrinter(TextWriter writer) : IProgress<IngestProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private string? _lastPhase;

    public void Report(IngestProgress value)
    {
        if (value.Phase == _lastPhase && _sinceLast.Elapsed < Interval)
        {
            return;
        }

        // The file is the benchmark's own sessions.csv: its name needs no escaping.
        _lastPhase = value.Phase;
        _sinceLast.Restart();
        writer.WriteLine(value.Phase == "reading"
            ? $"  {value.FileName}: {value.RowsRead:N0} rows read ({value.RowsPerSecond:N0} rows/s)"
            : $"  {value.FileName}: {value.RowsRead:N0} rows read, {value.Phase}...");
    }
}
