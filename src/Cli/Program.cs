using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text;
using Outcomes.Cli;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Jobs.Hosting;
using Microsoft.Extensions.Logging;

// The log format is settled before anything logs (--log-format, else OUTCOMES_LOG_FORMAT; `outcomes serve` may take it
// from its settings): a value that is neither format is refused, not guessed at.
bool? chosenLogs = null;
Func<bool> jsonLogs = () => chosenLogs ?? false;
try
{
    chosenLogs = ConsoleLogs.Chosen(args);
}
catch (InvalidOperationException ex)
{
    Fail(ex.Message);
    return 1;
}

using var context = new CliContext(Console.Out, TimeProvider.System, chosenLogs);
jsonLogs = () => context.JsonLogs;
var root = CliRoot.Create(context);
var parse = CliRoot.Parse(root, args);
if (parse.Action is ParseErrorAction)
{
    foreach (var error in parse.Errors)
    {
        Fail(error.Message);
    }

    var path = new List<string>();
    for (var command = parse.CommandResult; command is not null && command.Command is not RootCommand; command = command.Parent as System.CommandLine.Parsing.CommandResult)
    {
        path.Insert(0, command.Command.Name);
    }

    var see = $"See: outcomes {string.Join(' ', path)} --help".Replace("  ", " ", StringComparison.Ordinal);
    Console.Error.WriteLine(jsonLogs() ? ConsoleLogs.JsonLine(TimeProvider.System.GetUtcNow(), LogLevel.Error, "outcomes", see) : see);
    return UsageException.ExitCode;
}

// On Ctrl+C or SIGTERM a command is cancelled and given this long to stop cleanly (the job server's shutdown).
using var signals = new StopSignals();
try
{
    var invocation = parse.InvokeAsync(
        new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, signals.Token);
    return await signals.WaitAsync(invocation, TimeSpan.FromSeconds(60));
}
catch (Exception ex) when (signals.Received is not null)
{
    // Whatever the command was doing when it was asked to stop ended with it: transactions rolled back, locks released.
    Fail(ex is TimeoutException
        ? $"stopped by {signals.SignalName}: {ex.Message}."
        : $"stopped by {signals.SignalName} before the command finished; what it had not committed was rolled back.");
    return signals.ExitCode;
}
catch (UsageException ex)
{
    Fail(ex.Message);
    return UsageException.ExitCode;
}
catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.ReadOnlySqlTransaction)
{
    // A write reached a hot standby: only read-only work goes there (ConnectionRouting), so name the setting.
    Fail($"{ex.MessageText}: the server is a standby, which refuses writes. Writes go to the primary of " +
         $"{Outcomes.Database.Connection.DatabaseSettings.ConnectionVariable}; {Outcomes.Database.Connection.DatabaseSettings.ReadConnectionVariable} " +
         "is for reading only (docs/jobs.md, \"Reading from a standby\").");
    return 1;
}
catch (Exception ex) when (ex is InvalidOperationException or DirectoryNotFoundException or Npgsql.NpgsqlException)
{
    // Outages and configuration problems: one clear line, no stack trace, never the connection string.
    Fail(ex.Message);
    return 1;
}
catch (Exception ex)
{
    // A defect: still one line, naming what failed, rather than a stack trace that may quote data.
    Fail($"unexpected {ex.GetType().Name}: {ex.Message}");
    return 70;
}

// One line on standard error; characters that would move the cursor or colour the terminal are shown escaped. With
// JSON logs the line is a JSON event like every other line there (JSON escapes those characters itself).
void Fail(string message)
{
    if (jsonLogs())
    {
        Console.Error.WriteLine(ConsoleLogs.JsonLine(TimeProvider.System.GetUtcNow(), LogLevel.Error, "outcomes", message));
        return;
    }

    var line = new StringBuilder("outcomes: ");
    foreach (var rune in message.EnumerateRunes())
    {
        if (Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
        {
            line.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
        }
        else
        {
            line.Append(rune.ToString());
        }
    }

    Console.Error.WriteLine(line.ToString());
}
