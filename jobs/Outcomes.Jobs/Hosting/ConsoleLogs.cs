using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Outcomes.Jobs.Hosting;

/// <summary>
/// How every command and the server write their log to standard error: readable lines for a terminal (the default), or
/// JSON lines for a log collector (<c>OUTCOMES_LOG_FORMAT=json</c>; journald keeps each line as one entry). Both carry
/// the same events: the message and its named values, never a scope, and the messages name no patient (docs/security.md).
/// </summary>
public static class ConsoleLogs
{
    /// <summary>The environment variable that chooses the format: <c>plain</c> (or unset) or <c>json</c>.</summary>
    public const string FormatVariable = "OUTCOMES_LOG_FORMAT";

    /// <summary>Whether the environment asks for JSON lines; a value that is neither format is refused, naming both.</summary>
    public static bool JsonFromEnvironment() => IsJson(Environment.GetEnvironmentVariable(FormatVariable));

    public static bool IsJson(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "plain" => false,
        "json" => true,
        _ => throw new InvalidOperationException($"{FormatVariable}: '{format}' is not a log format; use plain or json."),
    };

    private const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <summary>
    /// One event in the JSON logger's shape, for what is written without a logger (the command line's last word on an
    /// error): a collector reads it like every other line.
    /// </summary>
    public static string JsonLine(DateTimeOffset time, LogLevel level, string category, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Timestamp", time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture));
            json.WriteNumber("EventId", 0);
            json.WriteString("LogLevel", level.ToString());
            json.WriteString("Category", category);
            json.WriteString("Message", message);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Adds the console logger in the chosen format; <paramref name="plainTimestamp"/> is the plain lines' time stamp.</summary>
    public static ILoggingBuilder AddOutcomesConsole(this ILoggingBuilder logging, bool json, string plainTimestamp)
    {
        if (json)
        {
            logging.AddJsonConsole(o =>
            {
                // One event per line, stamped in UTC with the offset written out (ISO 8601), so collectors need no time zone.
                o.IncludeScopes = false;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = TimestampFormat;
                o.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = plainTimestamp;
            });
        }

        return logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
