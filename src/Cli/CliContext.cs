using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Analytics.Suppression;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Loading;
using Outcomes.Cli.Console;
using Outcomes.Jobs.Hosting;
using Outcomes.Pipeline.Reports;

namespace Outcomes.Cli;

/// <summary>What every command needs: logging to standard error, the clock, and the database settings.</summary>
internal sealed class CliContext : IDisposable
{
    private ILoggerFactory _loggerFactory;

    /// <param name="jsonLogs">
    /// JSON lines instead of readable lines (<see cref="ConsoleLogs"/>), as the command line or the environment chose;
    /// null when neither did (readable lines, unless <see cref="UseLogFormatSetting"/> finds a setting).
    /// </param>
    public CliContext(TextWriter output, TimeProvider time, bool? jsonLogs = null)
    {
        Output = output;
        Time = time;
        ChosenJsonLogs = jsonLogs;
        JsonLogs = jsonLogs ?? false;
        _loggerFactory = CreateLoggers(JsonLogs);
        Logger = _loggerFactory.CreateLogger("outcomes");
    }

    public TextWriter Output { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; private set; }

    /// <summary>Whether the log is JSON lines now.</summary>
    public bool JsonLogs { get; private set; }

    /// <summary>The format the command line or the environment chose, which a settings file does not override; null when neither did.</summary>
    public bool? ChosenJsonLogs { get; }

    /// <summary>
    /// Takes the format from a settings file (<c>outcomes serve</c>'s <see cref="ConsoleLogs.FormatSetting"/>) when the command
    /// line and the environment chose none; called before the command logs anything. Returns the format in force.
    /// </summary>
    public bool UseLogFormatSetting(string? setting)
    {
        var json = ChosenJsonLogs ?? ConsoleLogs.IsJson(setting, ConsoleLogs.FormatSetting) ?? false;
        if (json != JsonLogs)
        {
            _loggerFactory.Dispose();
            _loggerFactory = CreateLoggers(json);
            Logger = _loggerFactory.CreateLogger("outcomes");
            JsonLogs = json;
        }

        return json;
    }

    private static ILoggerFactory CreateLoggers(bool json) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Npgsql", LogLevel.Warning)
        .AddOutcomesConsole(json, plainTimestamp: "HH:mm:ss "));

    /// <summary>Where an ingest reports its progress: lines on standard error, or log events when the logs are JSON.</summary>
    public IProgress<IngestProgress> IngestProgress() => JsonLogs ? new ProgressPrinter(Logger) : new ProgressPrinter(System.Console.Error);

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    public DatabaseSettings Settings => DatabaseSettings.FromEnvironment();

    /// <summary>A data source acting as <paramref name="role"/>, the least role the command needs (docs/security.md).</summary>
    public Task<NpgsqlDataSource> OpenDatabaseAsync(DatabaseRole role, CancellationToken cancellationToken) =>
        OutcomesDatabase.OpenAsync(Settings, role, Logger, cancellationToken);

    /// <summary>A data source acting as <paramref name="role"/> on the server the work belongs on: a standby for read-only work when configured.</summary>
    public Task<NpgsqlDataSource> OpenDatabaseAsync(DatabaseRole role, Workload workload, CancellationToken cancellationToken) =>
        OutcomesDatabase.OpenAsync(Settings, role, workload, Logger, cancellationToken);

    /// <summary>
    /// The two data sources of a report: the reporter reads the stored runs (on the standby of
    /// <c>OUTCOMES_READ_CONNECTION</c> when one is configured); the analyst computes and stores a run that is missing, on
    /// the primary. Null for the analyst when this login may not act as one: the report then needs stored runs.
    /// </summary>
    public async Task<(NpgsqlDataSource Reporter, NpgsqlDataSource? Analyst)> OpenReportingAsync(CancellationToken cancellationToken)
    {
        var reporter = await OpenDatabaseAsync(DatabaseRole.Reporter, Workload.Reports, cancellationToken);
        try
        {
            return (reporter, await OpenDatabaseAsync(DatabaseRole.Analyst, cancellationToken));
        }
        catch (InvalidOperationException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege })
        {
            Logger.LogInformation("This login may not act as analyst: the report reads stored analysis runs only");
            return (reporter, null);
        }
        catch
        {
            await reporter.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The facility a report is for: the one given, or, for a login limited to a single facility, that facility (a
    /// report of all facilities would need runs it may not see). A login limited to several must choose.
    /// </summary>
    /// <summary>
    /// Writes what a report command asks for through <see cref="WriteMonthlyReports"/>: reads as the reporter, stores a
    /// missing run first when this login may act as analyst, for the facility given or the one this login sees.
    /// </summary>
    public async Task<WrittenReports> WriteReportsAsync(string? facility, Func<FacilityScope, ReportRequest> request, CancellationToken cancellationToken)
    {
        var (reporter, analyst) = await OpenReportingAsync(cancellationToken);
        await using var dataSource = reporter;
        await using var analysis = analyst;
        var population = await ReportFacilityAsync(dataSource, facility, cancellationToken);
        return await new WriteMonthlyReports(dataSource, analysis, new SmallCellPolicy()).RunAsync(request(population), cancellationToken);
    }

    public static async Task<FacilityScope> ReportFacilityAsync(NpgsqlDataSource dataSource, string? given, CancellationToken cancellationToken)
    {
        if (given is not null)
        {
            return FacilityScope.Parse(await FacilitySpelling.StoredAsync(dataSource, given, cancellationToken));
        }

        var scope = await FacilityScope.OfLoginAsync(dataSource, cancellationToken);
        return scope.Facilities.Count <= 1
            ? scope
            : throw new InvalidOperationException($"--facility: this login sees the facilities {string.Join(", ", scope.Facilities)} only; choose one of them.");
    }

    public void Dispose() => _loggerFactory.Dispose();
}
