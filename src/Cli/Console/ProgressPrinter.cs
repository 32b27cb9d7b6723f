using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Outcomes.Ingest.Loading;

namespace Outcomes.Cli.Console;

/// <summary>
/// Prints ingest progress to standard error at most every couple of seconds: rows and rows per second. With JSON logs
/// the same lines are log events instead, so that standard error holds nothing but JSON lines.
/// </summary>
internal sealed class ProgressPrinter : IProgress<IngestProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private readonly TextWriter? _writer;
    private readonly ILogger? _logger;
    private string? _lastPhase;

    public ProgressPrinter(TextWriter writer) => _writer = writer;

    public ProgressPrinter(ILogger logger) => _logger = logger;

    public void Report(IngestProgress value)
    {
        if (value.Phase == _lastPhase && _sinceLast.Elapsed < Interval)
        {
            return;
        }

        _lastPhase = value.Phase;
        _sinceLast.Restart();
        if (_logger is not null)
        {
            if (value.Phase == "reading")
            {
                _logger.LogInformation("{File}: {RowsRead} rows read ({RowsPerSecond} rows/s)", value.FileName, value.RowsRead, (long)value.RowsPerSecond);
            }
            else
            {
                _logger.LogInformation("{File}: {RowsRead} rows read, {Phase}", value.FileName, value.RowsRead, value.Phase);
            }

            return;
        }

        _writer!.WriteLine(value.Phase == "reading"
            ? $"  {VisibleText.Of(value.FileName)}: {value.RowsRead:N0} rows read ({value.RowsPerSecond:N0} rows/s)"
            : $"  {VisibleText.Of(value.FileName)}: {value.RowsRead:N0} rows read, {value.Phase}...");
    }
}
