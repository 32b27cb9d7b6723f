using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Targets;
using Outcomes.Analytics.TimeSeries;

namespace Outcomes.Reports.Monthly;

/// <summary>
/// One facility × level × figure of the Dashboard: its stored months, the p-chart <see cref="SpcReading"/> reads of them
/// (null with too few months), the special causes it signals in words, and the program's target in force at the end of
/// the period.
/// </summary>
internal sealed record DashboardPanel(
    DashboardFigure Figure, string Facility, string Level, IReadOnlyList<DashboardMonth> Months, PChart? Chart, IReadOnlyList<string> Signals, OutcomeTarget? Target)
{
    public string LevelShort => Level switch
    {
        OutcomeDefinitions.Iop => "IOP",
        OutcomeDefinitions.Php => "PHP",
        _ => Level,
    };

    /// <summary>"Facility B, PHP": how the panel is named in its title and in the list of what fires.</summary>
    public string Name => $"Facility {Facility}, {LevelShort}";

    /// <summary>"Facility B, PHP early dropout (30 days)": the start of each line the sheet lists under the panels.</summary>
    public string Subject => $"{Name} {Figure.Words}";

    /// <summary>Each special cause as a line of the list: "Facility B, PHP early dropout (30 days): 8 months in a row above the centre line (2025-10 to 2026-05)".</summary>
    public IEnumerable<string> SignalLines => Signals.Select(s => $"{Subject}: {s}");
}
