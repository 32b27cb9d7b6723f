using System.CommandLine;
using Outcomes.Reports.Disclosure;

namespace Outcomes.Cli.Arguments;

/// <summary>The options the report commands (and <c>analyze</c>) share, spelled and described once.</summary>
internal static class ReportOptions
{
    /// <summary><c>--facility</c>: one facility, or all together when left out.</summary>
    public static Option<string?> Facility() => CliOptions.Facility("Only this facility (default: all facilities together).");

    /// <summary><c>--out</c>: the folder to write into.</summary>
    public static Option<string> Out() => new("--out") { Description = "The folder to write into.", Required = true };

    /// <summary>
    /// <c>--audience internal|external</c>: who the output is for, when not its default (docs/security.md, "Who sees small
    /// counts"); an override is recorded in the audit trail.
    /// </summary>
    public static Option<string?> Audience(ReportOutput output) => CliOptions.OneOf(
        "--audience",
        $"Who the output is for: internal (exact counts with their intervals, small ones marked; for use inside the organisation) or external (counts of 1 to 10 suppressed; for release). Default: {DisclosurePolicy.Name(DisclosurePolicy.DefaultFor(output))}. Choosing the other is recorded in the audit trail.",
        [DisclosurePolicy.Name(Reports.Disclosure.Audience.Internal), DisclosurePolicy.Name(Reports.Disclosure.Audience.External)], required: false);

    /// <summary>The audience an <c>--audience</c> word names; null when the option was left out.</summary>
    public static Audience? AudienceOf(string? word) => word switch
    {
        null => null,
        "internal" => Reports.Disclosure.Audience.Internal,
        _ => Reports.Disclosure.Audience.External,
    };

    /// <summary>What a report command prints about the audience its output was written for.</summary>
    public static string AudienceLine(ReportOutput output, Audience? chosen)
    {
        var standard = DisclosurePolicy.DefaultFor(output);
        var audience = chosen ?? standard;
        return audience == standard
            ? $"Audience: {DisclosurePolicy.Name(audience)} (the default)."
            : $"Audience: {DisclosurePolicy.Name(audience)} instead of {DisclosurePolicy.Name(standard)}: recorded in the audit trail.";
    }

    /// <summary><c>--data-through</c>: the day the data are complete through.</summary>
    public static Option<DateOnly?> DataThrough(DateOnly today) =>
        CliOptions.DataDay("--data-through", "The date the data are complete through, YYYY-MM-DD (default: the latest admission or discharge).", today);
}
