using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Database.Connection;

namespace Outcomes.Cli;

/// <summary>What every command needs: logging to standard error, the clock, and the database settings.</summary>
internal sealed class CliContext : IDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    public CliContext(TextWriter output, TimeProvider time)
    {
        Output = output;
        Time = time;
        _loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Npgsql", LogLevel.Warning)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        Logger = _loggerFactory.CreateLogger("outcomes");
    }

    public TextWriter Output { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    public DatabaseSettings Settings => DatabaseSettings.FromEnvironment();

    public Task<NpgsqlDataSource> OpenDatabaseAsync(CancellationToken cancellationToken) =>
        OutcomesDatabase.OpenAsync(Settings, Logger, cancellationToken);

    public void Dispose() => _loggerFactory.Dispose();
}
