using Microsoft.Extensions.Logging;
using Outcomes.Database.Connection;
using Outcomes.Database.Embedded;

namespace Outcomes.Benchmarks;

/// <summary>What every benchmark needs: where to print, logging to standard error, the clock, the server and a scratch folder.</summary>
internal sealed class BenchContext : IDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    /// <param name="output">Where the figures are printed.</param>
    /// <param name="time">The clock (the ingest benchmark dates its admissions from today).</param>
    /// <param name="settings">The server the scratch databases are made on: <c>OUTCOMES_CONNECTION</c>'s, else the embedded cluster.</param>
    /// <param name="workRoot">Where scratch folders are made; by default <c>bench</c> in the folder of the embedded cluster.</param>
    /// <param name="databasePrefix">
    /// The start of the scratch databases' names (a constant of the caller's, never input: names cannot be parameters).
    /// </param>
    public BenchContext(TextWriter output, TimeProvider time, DatabaseSettings settings, string? workRoot = null, string databasePrefix = "outcomes_bench")
    {
        Output = output;
        Time = time;
        Settings = settings;
        WorkRoot = workRoot ?? Path.Combine(EmbeddedCluster.LocateHome(), "bench");
        DatabasePrefix = databasePrefix;
        _loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Npgsql", LogLevel.Warning)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        Logger = _loggerFactory.CreateLogger("outcomes-bench");
    }

    public TextWriter Output { get; }

    public TimeProvider Time { get; }

    public DatabaseSettings Settings { get; }

    public string WorkRoot { get; }

    public string DatabasePrefix { get; }

    public ILogger Logger { get; }

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    /// <summary>A scratch database's name: the prefix and <paramref name="suffix"/> (<c>outcomes_bench_analysis</c>).</summary>
    public string DatabaseName(string suffix) => DatabasePrefix + suffix;

    public void Dispose() => _loggerFactory.Dispose();
}
