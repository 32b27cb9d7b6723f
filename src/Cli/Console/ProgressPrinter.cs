using System.Diagnostics;
using Outcomes.Ingest.Loading;

namespace Outcomes.Cli.Console;

/// <summary>Prints ingest progress to standard error at most every couple of seconds: rows and rows per second.</summary>
internal sealed class ProgressPrinter(TextWriter writer) : IProgress<IngestProgress>
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

        _lastPhase = value.Phase;
        _sinceLast.Restart();
        writer.WriteLine(value.Phase == "reading"
            ? $"  {VisibleText.Of(value.FileName)}: {value.RowsRead:N0} rows read ({value.RowsPerSecond:N0} rows/s)"
            : $"  {VisibleText.Of(value.FileName)}: {value.RowsRead:N0} rows read, {value.Phase}...");
    }
}
