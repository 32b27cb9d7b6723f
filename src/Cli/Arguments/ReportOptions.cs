using System.CommandLine;

namespace Outcomes.Cli.Arguments;

/// <summary>The options the report commands (and <c>analyze</c>) share, spelled and described once.</summary>
internal static class ReportOptions
{
    /// <summary><c>--facility</c>: one facility, or all together when left out.</summary>
    public static Option<string?> Facility() => CliOptions.Facility("Only this facility (default: all facilities together).");

    /// <summary><c>--out</c>: the folder to write into.</summary>
    public static Option<string> Out() => new("--out") { Description = "The folder to write into.", Required = true };

    /// <summary><c>--data-through</c>: the day the data are complete through.</summary>
    public static Option<DateOnly?> DataThrough(DateOnly today) =>
        CliOptions.DataDay("--data-through", "The date the data are complete through, YYYY-MM-DD (default: the latest admission or discharge).", today);
}
