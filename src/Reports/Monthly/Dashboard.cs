using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Analytics.TimeSeries;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Monthly;

/// <summary>
/// "Which program is slipping?": the key rates of every facility and level of care over the stored months of the report
/// (<see cref="ReportData.Months"/>, the twelve months ending with the report's month), each read as a p-chart by
/// <see cref="SpcReading"/>, the one place the control-chart rules live. Only stored figures are read. An internal output
/// charts every month with its exact counts and marks a month resting on fewer cases than the small-cell threshold; an
/// external one withholds a month whose events, non-events or cases are a count from 1 to 10 (it has no point and
/// breaks any run), as its tables do.
/// </summary>
internal sealed class Dashboard
{
    /// <summary>
    /// The figures charted: early dropout (a cohort's first 30 days), completed or stepped down and engaged (the PHP and
    /// IOP pathway, which counts a planned step-down as the success it is) and attendance against the ASAM minimum hours.
    /// </summary>
    public static readonly IReadOnlyList<DashboardFigure> Figures =
    [
        new("early_dropout", "Early dropout (30 days)", "early dropout (30 days)", "early-dropout"),
        new("completed_or_stepped_down_engaged", "Completed or stepped down and engaged (14 days)", "completed or stepped down and engaged", "pathway"),
        new("asam_weeks_met", "Weeks meeting the ASAM minimum hours", "weeks meeting the ASAM minimum hours", "asam-weeks"),
    ];

    public static readonly IReadOnlyList<string> Levels = [OutcomeDefinitions.Iop, OutcomeDefinitions.Php];

    public Dashboard(ReportData data, DisclosurePolicy disclosure)
    {
        Disclosure = disclosure;
        var months = data.Months.OrderBy(m => m.Run.Period.Start).ToList();
        Facilities = data.Facility is { } one
            ? [one]
            : [.. months.SelectMany(m => m.Run.Figures)
                .Where(f => f.FacilityId != Figure.All && f.ProgramKey is null && Levels.Contains(f.LevelOfCare) && Figures.Any(d => d.Metric == f.Metric))
                .Select(f => f.FacilityId).Distinct().Order(StringComparer.Ordinal)];
        var end = data.Current.Run.Period.End;
        Panels =
        [
            .. from figure in Figures
               from facility in Facilities
               from level in Levels
               select Panel(figure, facility, level, months, TargetEvaluation.Find(data.TargetsSet, figure.Metric, "", facility, level, end)),
        ];
    }

    public DisclosurePolicy Disclosure { get; }

    /// <summary>The facilities charted: the report's own, or every facility with a charted figure in the months.</summary>
    public IReadOnlyList<string> Facilities { get; }

    /// <summary>Figure by figure, then facility, then level (IOP, PHP): the order of the sheet's rows and columns.</summary>
    public IReadOnlyList<DashboardPanel> Panels { get; }

    /// <summary>Every special cause of every panel, in the order of the panels.</summary>
    public IReadOnlyList<string> SignalLines => [.. Panels.SelectMany(p => p.SignalLines)];

    /// <summary>The panels without a chart, each with its reason ("too few months for a control chart (…)").</summary>
    public IReadOnlyList<string> Uncharted => [.. Panels.Where(p => p.Chart is null).Select(p => $"{p.Subject}: {SpcReading.TooFewMonths([.. p.Months.Select(m => m.Charted)])}")];

    public static readonly IReadOnlyList<TableColumn> Columns =
    [
        new("Figure", ColumnKind.Text), new("Facility", ColumnKind.Text), new("Level of care", ColumnKind.Text), new("Month", ColumnKind.Text),
        new("Events", ColumnKind.Count), new("Cases", ColumnKind.Count), new("Rate", ColumnKind.Percent), new("Centre line", ColumnKind.Percent),
        new("Lower limit", ColumnKind.Percent), new("Upper limit", ColumnKind.Percent), new("Chart", ColumnKind.Text), new("Special cause", ColumnKind.Text),
    ];

    /// <summary>The numbers behind every panel, a row a month: the counts (exact and marked when small, or withheld), the rate, the centre line, the month's limits and the rules it signals.</summary>
    public ReportTable Table() => new("dashboard", "The numbers behind the panels", Columns, [.. Panels.SelectMany(Rows)],
        "Events and cases are the stored numerator and denominator of each month's figure. Limits: centre line ± 3 sigma from the month's own n, "
        + "widened by Laney's σz (chart p′) where the months vary more than binomial chance. "
        + (Disclosure.Suppresses ? $"A month with a count under {Disclosure.Threshold} is withheld: no rate, no point." : $"{DisclosurePolicy.SmallMarker}: a count under {Disclosure.Threshold}, shown as it is."));

    /// <summary>One panel's rows of <see cref="Table"/>.</summary>
    public IReadOnlyList<TableRow> Rows(DashboardPanel panel) =>
    [
        .. panel.Months.Select((m, i) =>
        {
            var point = panel.Chart?.Points[i];
            var shown = m.Cases > 0 && !m.Withheld;
            return new TableRow(
            [
                TableCell.Of(panel.Figure.Name), TableCell.Of(panel.Facility), TableCell.Of(panel.LevelShort), TableCell.Of(m.Label),
                Count(m.Events, m.Withheld), Count(m.Cases, m.Withheld),
                shown ? TableCell.Of((double)m.Events / m.Cases) : TableCell.Empty,
                TableCell.Of(panel.Chart?.CentreLine),
                shown ? TableCell.Of(point?.LowerLimit) : TableCell.Empty, shown ? TableCell.Of(point?.UpperLimit) : TableCell.Empty,
                TableCell.Of(panel.Chart is null ? "too few months" : panel.Chart.IsLaney ? "p′" : "p"),
                TableCell.Of(point is null ? "" : Rules(point.Signals)),
            ]);
        }),
    ];

    private TableCell Count(long count, bool withheld)
    {
        if (withheld && Disclosure.IsSmall(count))
        {
            return TableCell.Hidden(CellState.Small, Disclosure.Cells);
        }

        if (withheld)
        {
            return TableCell.Hidden(CellState.Complementary, Disclosure.Cells);
        }

        return TableCell.Count(count, Disclosure.IsSmall(count) ? CellState.Small : CellState.Shown, Disclosure);
    }

    private static string Rules(SpcSignal signals) => string.Join(", ", new[]
    {
        signals.HasFlag(SpcSignal.OutsideLimits) ? "outside the limits" : null,
        signals.HasFlag(SpcSignal.Shift) ? $"{PChart.ShiftLength} in a row on one side" : null,
        signals.HasFlag(SpcSignal.Trend) ? $"{PChart.TrendLength} rising or falling" : null,
    }.OfType<string>());

    private DashboardPanel Panel(DashboardFigure figure, string facility, string level, IReadOnlyList<StoredRun> runs, OutcomeTarget? target)
    {
        var months = runs.Select(r => Month(r, figure.Metric, facility, level)).ToList();
        var charted = months.Select(m => m.Charted).ToList();
        var chart = SpcReading.Chart(charted);
        return new DashboardPanel(figure, facility, level, months, chart, chart is null ? [] : SpcReading.Signals(chart, charted), target);
    }

    private DashboardMonth Month(StoredRun run, string metric, string facility, string level)
    {
        var label = run.Run.Period.Label;
        if (run.Run.Find(metric, facility, level).SingleOrDefault() is not { Estimate: not null, Numerator: { } numerator, Denominator: { } denominator } || denominator <= 0)
        {
            return new DashboardMonth(label, 0, 0, SmallN: false, Withheld: false);
        }

        var (events, cases) = ((long)Math.Round(numerator), (long)Math.Round(denominator));
        var withheld = Disclosure.Suppresses && (Disclosure.IsSmall(events) || Disclosure.IsSmall(cases - events) || Disclosure.IsSmall(cases));
        return new DashboardMonth(label, events, cases, SmallN: cases < Disclosure.Threshold, withheld);
    }
}
