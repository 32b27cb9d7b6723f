using System.Globalization;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Reports.Disclosure;

/// <summary>
/// What an output may show of the stored figures, decided by who it is for; the one rule every output follows. The
/// analysis stores every figure exactly, with a marker when a count from 1 to <see cref="SmallCellPolicy.Threshold"/>
/// − 1 stands behind it (<see cref="Analytics.Runs.Figure.Suppressed"/>); the output decides:
/// <list type="bullet">
/// <item><see cref="Audience.Internal"/> (the director's monthly workbook, the quality team's worklist): exact counts with
/// their n and intervals; a small count is shown as it is and marked <see cref="SmallMarker"/>, its row says
/// "n &lt; 11: wide interval". A director answers for every program, the small ones included.</item>
/// <item><see cref="Audience.External"/> (the accreditation chart pack, the annual review, anything that leaves the
/// organisation): small counts shown as "&lt;11" and complementary suppression (<see cref="SuppressedTable"/>), after the
/// CMS cell size suppression policy.</item>
/// </list>
/// Each output states on its face which of the two it follows (<see cref="Statement"/>).
/// </summary>
public sealed record DisclosurePolicy(Audience Audience, SmallCellPolicy Cells)
{
    /// <summary>The mark beside a small count shown in an internal output.</summary>
    public const string SmallMarker = "†";

    public static DisclosurePolicy Internal(SmallCellPolicy? cells = null) => new(Audience.Internal, cells ?? new SmallCellPolicy());

    public static DisclosurePolicy External(SmallCellPolicy? cells = null) => new(Audience.External, cells ?? new SmallCellPolicy());

    /// <summary>
    /// The audience an output is for unless overridden: the monthly workbook and the worklist stay inside the
    /// organisation; the chart pack and the annual review are made to be sent out.
    /// </summary>
    public static Audience DefaultFor(ReportOutput output) => output switch
    {
        ReportOutput.MonthlyWorkbook or ReportOutput.FlagWorklist => Audience.Internal,
        _ => Audience.External,
    };

    /// <summary>The policy of <paramref name="output"/>: <paramref name="chosen"/> when given, else its default.</summary>
    public static DisclosurePolicy For(ReportOutput output, Audience? chosen, SmallCellPolicy cells) => new(chosen ?? DefaultFor(output), cells);

    /// <summary>Small counts are hidden (external), or shown and marked (internal).</summary>
    public bool Suppresses => Audience == Audience.External;

    public int Threshold => Cells.Threshold;

    public bool IsSmall(long count) => Cells.IsSmall(count);

    /// <summary>The audience as the command line and the audit trail spell it.</summary>
    public static string Name(Audience audience) => audience == Audience.Internal ? "internal" : "external";

    /// <summary>The line on an output's first sheet or page saying which policy it follows.</summary>
    public string Statement => Audience == Audience.Internal
        ? string.Create(CultureInfo.InvariantCulture,
            $"Internal: exact counts, for use inside the organisation; do not release. Counts from 1 to {Threshold - 1} are shown as they are, marked {SmallMarker}, with their (wide) intervals.")
        : string.Create(CultureInfo.InvariantCulture,
            $"For release: counts of 1–{Threshold - 1} suppressed (shown as \"{Cells.SmallCellText}\"; \"{SmallCellPolicy.ComplementaryText}\" hides a count that would reveal one by subtraction).");

    /// <summary>A few words for page headers and chart sources.</summary>
    public string Label => Audience == Audience.Internal
        ? "Internal: do not release"
        : string.Create(CultureInfo.InvariantCulture, $"For release: counts of 1–{Threshold - 1} suppressed");

    /// <summary>
    /// The note of an internal row resting on a small count: its n itself (then the interval is wide), or a count of
    /// those with or without the outcome.
    /// </summary>
    public string SmallNote(bool smallN) => smallN
        ? string.Create(CultureInfo.InvariantCulture, $"n < {Threshold}: wide interval")
        : string.Create(CultureInfo.InvariantCulture, $"a count < {Threshold} {SmallMarker}: internal only");
}
