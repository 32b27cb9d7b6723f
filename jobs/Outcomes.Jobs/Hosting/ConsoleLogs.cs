using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Outcomes.Jobs.Hosting;

/// <summary>
/// How every command and the server write their log to standard error: readable lines for a terminal (the default), or
/// JSON lines for a log collector (<c>--log-format json</c>, <c>OUTCOMES_LOG_FORMAT=json</c>, or the server's settings key
/// <c>Jobs:LogFormat</c>, in that order; journald keeps each line as one entry). Both carry
/// the same events: the message and its named values, never a scope, and the messages name no patient (docs/security.md).
/// </summary>
public static class ConsoleLogs
{
    /// <summary>The environment variable that chooses the format: <c>text</c> (or unset) or <c>json</c>.</summary>
    public const string FormatVariable = "OUTCOMES_LOG_FORMAT";

    /// <summary>The command-line option that chooses the format for one run, over the environment variable.</summary>
    public const string FormatOption = "--log-format";

    /// <summary>The key of <c>outcomes serve</c>'s settings that chooses the server's format when neither of the above does.</summary>
    public const string FormatSetting = "Jobs:LogFormat";

    /// <summary>Whether the environment asks for JSON lines; a value that is neither format is refused, naming both.</summary>
    public static bool JsonFromEnvironment() => IsJson(Environment.GetEnvironmentVariable(FormatVariable), FormatVariable) ?? false;

    /// <summary>
    /// The format a command line chose: its <c>--log-format</c> (read before the command line is parsed, since the parse's
    /// own errors are logged in it), else <c>OUTCOMES_LOG_FORMAT</c>; true for JSON lines, null when neither says.
    /// </summary>
    public static bool? Chosen(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "--")
            {
                break;
            }

            if (arguments[i] == FormatOption && i + 1 < arguments.Count)
            {
                return IsJson(arguments[i + 1], FormatOption) ?? false;
            }

            foreach (var separator in new[] { '=', ':' })
            {
                if (arguments[i].StartsWith(FormatOption + separator, StringComparison.Ordinal))
                {
                    return IsJson(arguments[i][(FormatOption.Length + 1)..], FormatOption) ?? false;
                }
            }
        }

        return IsJson(Environment.GetEnvironmentVariable(FormatVariable), FormatVariable);
    }

    /// <summary>True for <c>json</c>, false for <c>text</c> (or <c>plain</c>, its older name), null when empty; else refused naming <paramref name="source"/>.</summary>
    public static bool? IsJson(string? format, string source) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "text" or "plain" => false,
        "json" => true,
        _ => throw new InvalidOperationException($"{source}: '{format}' is not a log format; use text or json."),
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
