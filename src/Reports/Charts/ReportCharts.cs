using System.Globalization;
using Outcomes.Analytics.Adjustment;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Runs;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using ScottPlot;

namespace Outcomes.Reports.Charts;

/// <summary>
/// Every chart of the monthly workbook and the accreditation pack, drawn from the report tables as their output
/// discloses them: a suppressed figure (external) is left out of its chart and marked "&lt;11" where it would have been;
/// an internal chart draws every figure.
/// </summary>
internal sealed class ReportCharts(ReportData data, ReportTables tables)
{
    private static readonly (string Level, string Name, string Short, Color Color)[] Levels =
    [
        (OutcomeDefinitions.Iop, LevelNames.Label(OutcomeDefinitions.Iop), "IOP", OkabeIto.Iop),
        (OutcomeDefinitions.Php, LevelNames.Label(OutcomeDefinitions.Php), "PHP", OkabeIto.Php),
    ];

    /// <summary>
    /// Every chart of the run. The measurement-based-care charts (<see cref="ScoreChange"/>, <see cref="AccessFunnel"/>,
    /// <see cref="Satisfaction"/>) only where the run holds their figures: a chart claims its standards only when it shows
    /// something that backs them; a run without them (data contract v1) says so on its sheet instead.
    /// </summary>
    public IReadOnlyList<ChartDefinition> All() =>
    [
        Retention(), DischargeOutcomes(), Differences(), CourseBalance(), Trends(), Attendance(), FamilyInvolvement(), Relapse(), Abstinence(),
        .. new[] { ScoreChange(), AccessFunnel(), Satisfaction() }.Where(c => HasFigures(c.Table)),
        Calibration(), RiskDistribution(),
    ];

    /// <summary>Whether a table holds figures rather than its "no data" line (<see cref="ReportTables.NoDataLine"/>).</summary>
    private static bool HasFigures(ReportTable table) =>
        table.Rows.Any(r => !(r.Cells[0].Text ?? "").StartsWith("No data:", StringComparison.Ordinal));

    private string Period => PeriodNames.Describe(data.Current.Run.Period, data.Current.Run.DataThrough);

    private string RunSource => $"Analysis run {data.Current.Run.RunId} (definitions v{data.Current.Run.DefinitionsVersion}), data through {data.Current.Run.DataThrough:yyyy-MM-dd}";

    /// <summary>Every chart carries its output's disclosure with its source, so that a picture copied out on its own still says it.</summary>
    private ChartCaption Caption(string title, string n, string? source = null) =>
        new(title, Period, data.Population, n, $"{source ?? RunSource} · {tables.Disclosure.Label}");

    /// <summary>
    /// The Kaplan–Meier retention curves of IOP and PHP as steps through the stored points (every 7 days), each with
    /// its 95% band, and the numbers at risk under the day axis. A curve stops where fewer than the small-cell
    /// threshold are at risk (its table says "suppressed" there).
    /// </summary>
    public ChartDefinition Retention()
    {
        var table = tables.RetentionCurve();
        var days = table.Rows.Select(r => r.Cells[1].Text ?? "").Distinct().Select(DayOf).Order().ToList();
        return new ChartDefinition("retention", Caption("Retention in care after admission, IOP vs PHP", CurveAdmissions(table) + " admissions"),
            table, ["retention_curve", "retention", "retention_logrank"], plot =>
            {
                var lastDay = 0;
                foreach (var (level, name, _, color) in Levels)
                {
                    var points = table.Rows.Where(r => r.Cells[2].Text == LevelNames.Label(level) && r.Cells[4].Number is not null)
                        .Select(r => (Day: (double)DayOf(r.Cells[1].Text ?? ""), Y: r.Cells[4].Number!.Value, Lo: r.Cells[5].Number ?? r.Cells[4].Number!.Value, Hi: r.Cells[6].Number ?? r.Cells[4].Number!.Value))
                        .OrderBy(p => p.Day).ToList();
                    if (points.Count == 0)
                    {
                        continue;
                    }

                    lastDay = Math.Max(lastDay, (int)points[^1].Day);

                    // Steps: each estimate holds until the next stored day, then drops there.
                    var xs = new List<double>();
                    var ys = new List<double>();
                    var los = new List<double>();
                    var his = new List<double>();
                    for (var i = 0; i < points.Count; i++)
                    {
                        if (i > 0)
                        {
                            xs.Add(points[i].Day);
                            ys.Add(points[i - 1].Y);
                            los.Add(points[i - 1].Lo);
                            his.Add(points[i - 1].Hi);
                        }

                        xs.Add(points[i].Day);
                        ys.Add(points[i].Y);
                        los.Add(points[i].Lo);
                        his.Add(points[i].Hi);
                    }

                    var band = plot.Add.FillY(xs.ToArray(), los.ToArray(), his.ToArray());
                    band.FillColor = color.WithAlpha(0.18);
                    band.LineWidth = 0;
                    var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
                    line.LegendText = name;
                    line.LineWidth = 2.5f;
                    line.MarkerSize = 0;
                    line.LinePattern = level == OutcomeDefinitions.Php ? LinePattern.Dashed : LinePattern.Solid;
                }

                // Numbers at risk under the day axis, every 7 days for a short curve, every 28 for a long one.
                var step = lastDay <= 63 ? 7 : 28;
                var right = Math.Max(28, (int)Math.Ceiling(lastDay / (double)step) * step);
                var ticks = days.Where(d => d <= right && d % step == 0).ToList();
                plot.Axes.Bottom.SetTicks([.. ticks.Select(d => (double)d)], [.. ticks.Select(d => string.Join("\n",
                    new[] { d.ToString(CultureInfo.InvariantCulture) }.Concat(Levels.Select(l => AtRisk(table, d, l.Level)))))]);
                plot.Axes.SetLimits(0, right + (step / 4.0), 0, 1.02);
                Percent(plot.Axes.Left);
                plot.XLabel("Days since admission. Under each day: number at risk, IOP (upper row) and PHP (lower row)\n" +
                    "Kaplan–Meier estimates every 7 days, drawn as steps; bands are 95% intervals; a curve ends where fewer than 11 are at risk");
                plot.YLabel("Still in care");
                plot.ShowLegend(Alignment.UpperRight);
            });
    }

    /// <summary>Groupings such as "day 180", "day 30", "day 90" in the order of their days (30, 90, 180), each once.</summary>
    internal static IReadOnlyList<string> InDayOrder(IEnumerable<string> groupings) => [.. groupings.Distinct().OrderBy(DayOf).ThenBy(g => g, StringComparer.Ordinal)];

    private static int DayOf(string grouping) =>
        int.TryParse(grouping.Replace("day ", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : 0;

    /// <summary>A level's number at risk on a day as the curve table shows it ("&lt;11", "*" or a number).</summary>
    private static string AtRisk(ReportTable table, int day, string level) =>
        table.Rows.FirstOrDefault(r => r.Cells[1].Text == $"day {day}" && r.Cells[2].Text == LevelNames.Label(level))?.Cells[3].Display(ColumnKind.Count) ?? "–";

    /// <summary>The admissions behind the curves: the numbers at risk on day 0 as shown, added up.</summary>
    private static string CurveAdmissions(ReportTable table)
    {
        var day0 = table.Rows.Where(r => r.Cells[1].Text == "day 0").ToList();
        var shown = day0.Sum(r => r.Cells[3].Number ?? 0).ToString("N0", CultureInfo.InvariantCulture);
        return day0.Any(r => r.Cells[3].IsSuppressed) ? $"{shown} + suppressed" : shown;
    }

    public ChartDefinition DischargeOutcomes()
    {
        var table = tables.Outcomes();
        var categories = new[] { (ReportTables.CompletionLabel, "Completion"), (ReportTables.DropoutLabel, "Dropout"), (ReportTables.TransferLabel, "Transfer"), (ReportTables.EarlyDropoutLabel, "Early dropout") };
        return new ChartDefinition("discharge_outcomes", Caption("Discharge outcomes, IOP vs PHP (crude rates)", Count(table, ReportTables.CompletionLabel, "", Figure.All) + " discharges"),
            table, ["completion", "dropout", "transfer", "early_dropout"], plot =>
            {
                GroupedBars(plot, [.. categories.Select(c => (c.Item2, Levels.Select(l => Estimate(table, c.Item1, "", l.Level)).ToArray()))]);
                plot.YLabel("Share of episodes (95% Wilson interval)");
            });
    }

    public ChartDefinition Differences()
    {
        var table = tables.Outcomes();
        var rows = new[]
        {
            ("Completion, crude", ReportTables.CompletionLabel, "crude"), ("Completion, adjusted", ReportTables.CompletionLabel, "adjusted for case mix"),
            ("Dropout, crude", ReportTables.DropoutLabel, "crude"), ("Dropout, adjusted", ReportTables.DropoutLabel, "adjusted for case mix"),
        };
        return new ChartDefinition("differences", Caption("IOP minus PHP: crude and case-mix adjusted differences", Count(table, ReportTables.CompletionLabel, "", Figure.All) + " discharges"),
            table, ["completion", "dropout", "completion_adjusted", "dropout_adjusted"], plot =>
            {
                for (var i = 0; i < rows.Length; i++)
                {
                    var (_, label, kind) = rows[i];
                    var y = rows.Length - 1 - i;
                    var (d, lo, hi, _) = Estimate(table, label, "", $"{LevelNames.Label(Figure.IopMinusPhp)} ({kind})", byLabel: true);
                    var color = kind == "crude" ? OkabeIto.Black : OkabeIto.BluishGreen;
                    if (d is null)
                    {
                        plot.Add.Text(Row(table, label, "", $"{LevelNames.Label(Figure.IopMinusPhp)} ({kind})", byLabel: true)?.Cells[5].Text ?? "no figure", 0, y);
                        continue;
                    }

                    Whisker(plot, lo ?? d.Value, hi ?? d.Value, y, color, horizontal: true);
                    var marker = plot.Add.Marker(d.Value, y, MarkerShape.FilledCircle, 11, color);
                    marker.LegendText = "";
                }

                var zero = plot.Add.VerticalLine(0, 1.5f, OkabeIto.Black);
                zero.LinePattern = LinePattern.Dashed;
                plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rows.Length).Select(i => (double)(rows.Length - 1 - i))], [.. rows.Select(r => r.Item1)]);
                plot.Axes.SetLimitsY(-0.7, rows.Length - 0.3);
                Points(plot.Axes.Bottom);
                plot.XLabel("IOP minus PHP, percentage points (95% interval; adjusted by inverse probability weighting)");
            });
    }

    /// <summary>
    /// A love plot of the course-level comparison: each characteristic's absolute standardised difference between
    /// courses begun in IOP and in PHP, before weighting (open circles) and after (filled squares), most unbalanced
    /// first, with the 0.1 mark of balance.
    /// </summary>
    public ChartDefinition CourseBalance()
    {
        var table = tables.CourseBalance();
        // The courses compared (the stored figures' count); a handful is not printed, as a small cell would not be.
        var n = data.Current.Run.Figures.FirstOrDefault(f => f.Metric == "course_standardised_difference" && f.FacilityId == (data.Facility ?? Figure.All))?.N;
        var courses = n switch
        {
            null => "0 courses",
            < 11 => "fewer than 11 courses",
            _ => string.Create(CultureInfo.InvariantCulture, $"{n:N0} courses"),
        };
        return new ChartDefinition("course_balance", Caption("Case mix of courses begun in IOP and PHP, before and after weighting", courses),
            table, ["course_standardised_difference", "course_standardised_difference_weighted"], plot =>
            {
                var rows = table.Rows;
                if (rows.Count == 0)
                {
                    plot.Add.Text("no courses of care with a complete window", 0, 0);
                    return;
                }

                var largest = 0.1;
                foreach (var (column, name, color, shape) in new[]
                {
                    (1, "Before weighting", OkabeIto.Vermillion, MarkerShape.OpenCircle),
                    (2, "After weighting", OkabeIto.Blue, MarkerShape.FilledSquare),
                })
                {
                    var points = rows.Select((r, i) => (X: r.Cells[column].Number, Y: (double)(rows.Count - 1 - i))).Where(p => p.X is not null).ToList();
                    if (points.Count == 0)
                    {
                        continue;
                    }

                    var xs = points.Select(p => Math.Abs(p.X!.Value)).ToArray();
                    largest = Math.Max(largest, xs.Max());
                    var markers = plot.Add.Markers(xs, [.. points.Select(p => p.Y)], shape, 10, color);
                    markers.MarkerStyle.LineWidth = 2;
                    markers.LegendText = name;
                }

                var mark = plot.Add.VerticalLine(InverseProbabilityWeighting.MaxStandardisedDifferenceAfter, 1.5f, OkabeIto.Black);
                mark.LinePattern = LinePattern.Dashed;
                mark.LegendText = "0.1: the usual mark of balance";
                plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - 1 - i))], [.. rows.Select(r => r.Cells[0].Text ?? "")]);
                plot.Axes.Left.MajorTickStyle.Length = 0;
                plot.Axes.SetLimitsY(-0.7, rows.Count - 0.3);
                plot.Axes.SetLimitsX(0, Math.Ceiling(largest * 1.1 * 10) / 10);
                plot.XLabel("Absolute standardised difference of means, courses begun in IOP against PHP");
                plot.ShowLegend(Alignment.LowerRight);
            });
    }

    /// <summary>
    /// Completion and dropout of each month, IOP and PHP, with the program's target for each where one is stored. The
    /// title names the levels drawn: a level whose figure is suppressed in every month is named as such, not implied.
    /// </summary>
    public ChartDefinition Trends()
    {
        var table = tables.Trends();
        var months = data.Months.Select(m => m.Run.Period).ToList();
        var figures = new[] { (Label: ReportTables.CompletionLabel, Name: "Completion", Pattern: LinePattern.Solid, Shape: MarkerShape.FilledCircle), (Label: ReportTables.DropoutLabel, Name: "Dropout", Pattern: LinePattern.Dashed, Shape: MarkerShape.FilledSquare) };
        (double X, double Y)[] Points(string label, string level) =>
            [.. months.Select((m, i) => (X: (double)i, Row: table.Rows.FirstOrDefault(r => r.Cells[0].Text == m.Label && r.Cells[1].Text == label && r.Cells[3].Text == LevelNames.Label(level))))
                .Where(p => p.Row?.Cells[6].Number is not null).Select(p => (p.X, Y: p.Row!.Cells[6].Number!.Value))];
        var drawn = Levels.Where(l => figures.Any(f => Points(f.Label, l.Level).Length > 0)).ToList();
        var hidden = Levels.Except(drawn).ToList();
        var levelsText = drawn.Count == Levels.Length ? "IOP vs PHP"
            : drawn.Count == 0 ? "every month's figure suppressed"
            : $"{string.Join(" and ", drawn.Select(l => l.Short))} only ({string.Join(" and ", hidden.Select(l => l.Short))} suppressed in every month)";
        return new ChartDefinition("trends", Caption($"Completion and dropout by month of discharge, {levelsText}", string.Create(CultureInfo.InvariantCulture, $"{months.Count} months")),
            table, ["completion", "dropout"], plot =>
            {
                foreach (var (label, name, pattern, shape) in figures)
                {
                    foreach (var (level, levelName, _, color) in drawn)
                    {
                        var points = Points(label, level);
                        if (points.Length == 0)
                        {
                            continue;
                        }

                        var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), color);
                        line.LinePattern = pattern;
                        line.MarkerShape = shape;
                        line.MarkerSize = 7;
                        line.LineWidth = 2;
                        line.LegendText = $"{name}, {levelName}";
                    }

                    // The program's target for the figure (the most recent month's, as the Summary sheet judges it).
                    var target = table.Rows.Where(r => r.Cells[1].Text == label && r.Target is not null && Levels.Any(l => r.Cells[3].Text == LevelNames.Label(l.Level)))
                        .Select(r => r.Target!).LastOrDefault();
                    if (target is not null)
                    {
                        var targetLine = plot.Add.HorizontalLine(target.Target, 1.5f, OkabeIto.BluishGreen);
                        targetLine.LinePattern = pattern;
                        targetLine.LegendText = $"{name} target: {target.Describe()}";
                    }
                }

                plot.Axes.Bottom.SetTicks([.. months.Select((_, i) => (double)i)], [.. months.Select(m => m.Start.ToString("MMM yyyy", CultureInfo.InvariantCulture))]);
                plot.Axes.SetLimitsX(-0.5, Math.Max(months.Count, 2) - 0.5);
                plot.Axes.SetLimitsY(0, 1);
                Percent(plot.Axes.Left);
                plot.YLabel("Share of episodes discharged in the month");
                plot.XLabel("Month of discharge (a month whose figure is suppressed has no point)");
                plot.ShowLegend(Alignment.UpperRight);
            });
    }

    public ChartDefinition Attendance()
    {
        var table = tables.Attendance();
        return new ChartDefinition("attendance", Caption("Attendance against the ASAM minimum weekly hours", Count(table, ReportTables.AsamLabel, "", Figure.All) + " whole weeks in care"),
            table, ["asam_weeks_met"], plot =>
            {
                GroupedBars(plot, [("Weeks meeting the minimum (IOP 9 h, PHP 20 h)", Levels.Select(l => Estimate(table, ReportTables.AsamLabel, "", l.Level)).ToArray())]);
                // The program's stored targets for the IOP and PHP rows (outcome_target); none set, no line.
                var targets = table.Rows.Where(r => r.Cells[0].Text == ReportTables.AsamLabel && Levels.Any(l => r.Cells[2].Text == LevelNames.Label(l.Level)))
                    .Select(r => r.Target?.Target).OfType<double>().Distinct().Order().ToList();
                foreach (var target in targets)
                {
                    var line = plot.Add.HorizontalLine(target, 2, OkabeIto.BluishGreen);
                    line.LinePattern = LinePattern.Dashed;
                    line.LegendText = string.Create(CultureInfo.InvariantCulture, $"Program target {target:0%}");
                }

                plot.YLabel("Share of whole weeks in care (95% interval)");
            });
    }

    public ChartDefinition FamilyInvolvement()
    {
        var table = tables.FamilyInvolvement();
        var groups = new[] { "with family involvement", "without family involvement" };
        return new ChartDefinition("family_involvement", Caption("Completion with and without family involvement in the first 14 days", Count(table, ReportTables.FamilyLabel, "", Figure.All) + " admissions"),
            table, ["family_involvement", "completion_by_family_involvement"], plot =>
            {
                GroupedBars(plot, [.. groups.Select(g => (char.ToUpperInvariant(g[0]) + g[1..], Levels.Select(l => Estimate(table, ReportTables.CompletionByFamilyLabel, g, l.Level)).ToArray()))]);
                plot.YLabel("Completed treatment (95% interval)");
            });
    }

    /// <summary>Patients with a positive drug screen during care, IOP against PHP: a share of the patients screened.</summary>
    public ChartDefinition Relapse()
    {
        var table = tables.Relapse();
        return new ChartDefinition("relapse", Caption("Positive drug screen during care, IOP vs PHP", Count(table, ReportTables.PositivePerPatientLabel, "", Figure.All) + " patients screened"),
            table, ["positive_screen_per_patient"], plot =>
            {
                GroupedBars(plot, [("Patients with at least one positive screen during care", Levels.Select(l => Estimate(table, ReportTables.PositivePerPatientLabel, "", l.Level)).ToArray())]);
                plot.YLabel("Share of patients screened (95% interval)");
            });
    }

    /// <summary>
    /// Abstinence reported at follow-up by day after discharge, in day order: a good outcome, drawn apart from the
    /// positive screens (a bad one) so that no bar of one is read against a bar of the other.
    /// </summary>
    public ChartDefinition Abstinence()
    {
        var table = tables.Relapse();
        var days = InDayOrder(table.Rows.Where(r => r.Cells[0].Text == ReportTables.AbstinenceLabel).Select(r => r.Cells[1].Text ?? ""));
        var n = days.Count == 0 ? "0" : $"{string.Join(", ", days.Select(d => Count(table, ReportTables.AbstinenceLabel, d, Figure.All)))} answering (days {string.Join(", ", days.Select(DayOf))})";
        return new ChartDefinition("abstinence", Caption("Abstinent at follow-up, by day after discharge, IOP vs PHP", n),
            table, ["abstinence_at_follow_up", "follow_up_reach"], plot =>
            {
                GroupedBars(plot, [.. days.Select(d => ($"Day {DayOf(d)}", Levels.Select(l => Estimate(table, ReportTables.AbstinenceLabel, d, l.Level)).ToArray()))]);
                plot.XLabel("Follow-up contact, days after discharge");
                plot.YLabel("Share reporting abstinence (95% interval)");
            });
    }

    /// <summary>
    /// Mean change from intake to the last score per instrument, IOP and PHP side by side with their 95% intervals (bars
    /// down from zero: on these instruments lower is better), and under each instrument the case-mix adjusted IOP minus PHP
    /// difference as the Measurement-based care sheet shows it.
    /// </summary>
    public ChartDefinition ScoreChange()
    {
        var table = tables.Measurement();
        var instruments = Groups(table, ReportTables.ChangeLabel);
        var n = instruments.Count == 0 ? "0"
            : string.Join(", ", instruments.Select(i => $"{i} {Count(table, ReportTables.ChangeLabel, i, Figure.All)}")) + " discharges scored at intake and again";
        return new ChartDefinition("score_change", Caption("Change on standardised instruments from intake to the last score, IOP vs PHP", n),
            table, ["score_change", "score_change_adjusted", "score_coverage"], plot =>
            {
                var categories = instruments.Select(i =>
                {
                    var adjusted = Row(table, ReportTables.ChangeLabel, i, $"{LevelNames.Label(Figure.IopMinusPhp)} (adjusted for case mix)", byLabel: true);
                    var words = adjusted?.Cells[5] is { Number: { } d } ? string.Create(CultureInfo.InvariantCulture, $"{d:+0.0;-0.0;0.0} ({adjusted.Cells[6].Number:+0.0;-0.0;0.0} to {adjusted.Cells[7].Number:+0.0;-0.0;0.0})")
                        : adjusted?.Cells[5].Text ?? "no figure";
                    return ($"{i}\nadjusted IOP − PHP: {words}", Levels.Select(l => Estimate(table, ReportTables.ChangeLabel, i, l.Level)).ToArray());
                }).ToList();
                GroupedBars(plot, categories, percent: false);
                var zero = plot.Add.HorizontalLine(0, 1.5f, OkabeIto.Black);
                zero.LinePattern = LinePattern.Solid;
                plot.YLabel("Mean change, points (95% interval); below 0 is improvement");
                plot.XLabel("Last score by discharge minus the intake score (within 7 days of admission)\nAdjusted: inverse probability weighting on the case mix and the intake score");
                // Lower left: under the first instrument's short bars, clear of the long whiskers a small instrument's change has.
                plot.ShowLegend(Alignment.LowerLeft);
            });
    }

    /// <summary>
    /// The access funnel: referrals of the period by the level of care they were for, those that reached first contact,
    /// those admitted and those admitted within 7 days, as counts (a suppressed count marked where its bar would be), and
    /// under each step the median days to it.
    /// </summary>
    public ChartDefinition AccessFunnel()
    {
        var table = tables.Access();
        var run = data.Current.Run;
        // A referral of the period's last 7 days has not had its week by the data-through date: the first step then counts
        // the referrals whose week has passed, the later steps every referral of the period.
        var allDue = run.DataThrough >= run.Period.End.AddDays(Analytics.Access.AccessFigures.DefaultWithinDays);
        (string Step, string Label, int Column, string? Median)[] steps =
        [
            (allDue ? "Referred" : "Referred, 7 days passed", ReportTables.AdmittedWithinLabel, 3, null),
            ("First contact", ReportTables.ReferralToContactLabel, 3, "from referral"),
            ("Admitted", ReportTables.ReferralToAdmissionLabel, 3, "from referral"),
            ("Admitted within 7 days", ReportTables.AdmittedWithinLabel, 4, null),
        ];
        return new ChartDefinition("access_funnel", Caption("Access: referrals to admission, IOP vs PHP", Count(table, ReportTables.AdmittedWithinLabel, "", Figure.All) + " referrals (all levels)"),
            table, ["admitted_within_7_days", "days_referral_to_first_contact", "days_first_contact_to_admission", "days_referral_to_admission"], plot =>
            {
                var counts = steps.Select(s => Levels.Select(l => Row(table, s.Label, "", l.Level)?.Cells[s.Column]).ToArray()).ToList();
                var top = counts.SelectMany(c => c).Max(c => c?.Number ?? 0);
                top = top <= 0 ? 10 : top;
                var bars = new List<Bar>();
                for (var s = 0; s < steps.Length; s++)
                {
                    for (var l = 0; l < Levels.Length; l++)
                    {
                        var x = (s * (Levels.Length + 1)) + l;
                        var cell = counts[s][l];
                        if (cell?.Number is { } count)
                        {
                            bars.Add(new Bar { Position = x, Value = count, FillColor = Levels[l].Color, Size = 0.9 });
                        }

                        var label = plot.Add.Text(cell is null ? "no referrals" : cell.Display(ColumnKind.Count), x, (cell?.Number ?? 0) + (top * 0.01));
                        label.LabelFontSize = 12;
                        label.LabelAlignment = Alignment.LowerCenter;
                    }
                }

                plot.Add.Bars(bars);
                foreach (var (_, name, _, color) in Levels)
                {
                    plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = color });
                }

                string Median(string label) => string.Join(", ", Levels.Select(l => $"{l.Short} {DaysText(Row(table, label, "", l.Level))}"));
                var ticks = steps.Select((st, s) => (X: (s * (Levels.Length + 1)) + ((Levels.Length - 1) / 2.0), Text: st.Step
                    + (st.Median is null ? "" : $"\nmedian days {st.Median}:\n{Median(st.Label)}")
                    + (s == 2 ? $"\n(from first contact: {Median(ReportTables.ContactToAdmissionLabel)})" : ""))).ToList();
                plot.Axes.Bottom.SetTicks([.. ticks.Select(t => t.X)], [.. ticks.Select(t => t.Text)]);
                plot.Axes.SetLimitsX(-1, (steps.Length * (Levels.Length + 1)) - 1);
                plot.Axes.SetLimitsY(0, top * 1.15);
                plot.YLabel("Referrals");
                plot.XLabel(allDue
                    ? "Referrals of the period by the level of care they were for\nAdmitted within 7 days counts a referral never admitted as not admitted"
                    : "Referrals of the period by the level of care they were for\nThe first bar and the last count only the referrals whose 7 days have passed");
                plot.ShowLegend(Alignment.UpperRight);
            });
    }

    /// <summary>
    /// Satisfaction at discharge: the mean score per survey instrument, IOP and PHP with their 95% intervals, the top-box
    /// share under each. The mean is the bar because the top box (every answer at its best) is rare, and a release
    /// suppresses its counts of 1 to 10: bars of it would mostly read "suppressed".
    /// </summary>
    public ChartDefinition Satisfaction()
    {
        var table = tables.Satisfaction();
        var surveys = Groups(table, ReportTables.SatisfactionMeanLabel);
        var n = surveys.Count == 0 ? "0" : string.Join(", ", surveys.Select(i => $"{i} {Count(table, ReportTables.SatisfactionMeanLabel, i, Figure.All)}")) + " surveys";
        return new ChartDefinition("satisfaction", Caption("Satisfaction at discharge: mean score, IOP vs PHP", n),
            table, ["satisfaction_mean", "satisfaction_top_box"], plot =>
            {
                GroupedBars(plot, [.. surveys.Select(i => (
                    $"{i}\ntop box (every answer at its best): {string.Join(", ", Levels.Select(l => $"{l.Short} {TopBoxText(Row(table, ReportTables.SatisfactionTopBoxLabel, i, l.Level))}"))}",
                    Levels.Select(l => Estimate(table, ReportTables.SatisfactionMeanLabel, i, l.Level)).ToArray()))], percent: false);
                plot.YLabel("Mean score (95% interval); higher is more satisfied");
                plot.XLabel("Each discharged episode's first survey; response is not random (the sheet gives the surveys among the discharges)");
                plot.ShowLegend(Alignment.LowerRight);
            });
    }

    /// <summary>A top-box share as the chart's tick shows it, or the table's word for it (suppressed).</summary>
    private static string TopBoxText(TableRow? row) => row?.Cells[5] switch
    {
        null => "–",
        { Number: { } p } => string.Create(CultureInfo.InvariantCulture, $"{p:0%}"),
        { } cell => cell.Text ?? "–",
    };

    /// <summary>The groups of a figure's rows in the table's order (instruments, by their short names).</summary>
    private static List<string> Groups(ReportTable table, string label) =>
        [.. table.Rows.Where(r => r.Cells[0].Text == label).Select(r => r.Cells[1].Text ?? "").Distinct()];

    /// <summary>A median's days as a chart says them: "3 (2–4)", or why there is none.</summary>
    private static string DaysText(TableRow? row) => row?.Cells[5] switch
    {
        null => "–",
        { Number: { } d } => row.Cells[6].Number is { } lo && row.Cells[7].Number is { } hi
            ? string.Create(CultureInfo.InvariantCulture, $"{d:0.#} ({lo:0.#}–{hi:0.#})")
            : string.Create(CultureInfo.InvariantCulture, $"{d:0.#}"),
        { } cell => cell.Text ?? "–",
    };

    /// <summary>A mean score as a chart says it: "28.4", or why there is none.</summary>
    private static string MeanText(TableRow? row) => row?.Cells[5] switch
    {
        null => "–",
        { Number: { } m } => string.Create(CultureInfo.InvariantCulture, $"{m:0.0}"),
        { } cell => cell.Text ?? "–",
    };

    public ChartDefinition Calibration()
    {
        var table = tables.Calibration();
        var source = data.Risk.ModelId is { } id ? $"Dropout model {id} in the model registry: evaluation on admissions after its training period" : "No dropout model is promoted";
        var patients = table.Rows.Sum(r => r.Cells[1].Number ?? 0);
        return new ChartDefinition("calibration", Caption("Dropout model calibration: predicted against observed", string.Create(CultureInfo.InvariantCulture, $"{patients:N0} test patients in groups shown"), source),
            table, ["dropout_model.calibration_table"], plot =>
            {
                var diagonal = plot.Add.Line(0, 0, 1, 1);
                diagonal.Color = OkabeIto.Black;
                diagonal.LinePattern = LinePattern.Dashed;
                diagonal.LegendText = "Perfect calibration";
                foreach (var row in table.Rows.Where(r => r.Cells[2].Number is not null && r.Cells[3].Number is not null))
                {
                    var x = row.Cells[2].Number!.Value;
                    Whisker(plot, row.Cells[4].Number ?? row.Cells[3].Number!.Value, row.Cells[5].Number ?? row.Cells[3].Number!.Value, x, OkabeIto.Blue, horizontal: false, cap: 0.008);
                    plot.Add.Marker(x, row.Cells[3].Number!.Value, MarkerShape.FilledCircle, 10, OkabeIto.Blue);
                }

                // A little room below and left of 0%, so that the two axes' "0%" do not meet in the corner.
                plot.Axes.SetLimits(-0.03, 1.01, -0.03, 1.01);
                Percent(plot.Axes.Left);
                Percent(plot.Axes.Bottom);
                plot.XLabel("Mean predicted risk of dropout in the risk group");
                plot.YLabel("Observed dropout (95% interval)");
                plot.ShowLegend(Alignment.UpperLeft);
            });
    }

    public ChartDefinition RiskDistribution()
    {
        var table = tables.RiskDistribution();
        var patients = table.Rows.Sum(r => r.Cells[1].Number ?? 0);
        var source = data.Risk.ScoredOn is { } day ? $"Risk scores of {day:yyyy-MM-dd} by dropout model {data.Risk.ModelId} (risk_score)" : "No risk scores in the period";
        return new ChartDefinition("risk_distribution", Caption("Predicted dropout risk of patients in care", string.Create(CultureInfo.InvariantCulture, $"{patients:N0} patients in bands shown"), source),
            table, ["risk_score.probability"], plot =>
            {
                var bars = new List<Bar>();
                for (var i = 0; i < table.Rows.Count; i++)
                {
                    var cell = table.Rows[i].Cells[1];
                    if (cell.Number is { } n)
                    {
                        bars.Add(new Bar { Position = i, Value = n, FillColor = OkabeIto.SkyBlue, LineColor = OkabeIto.Blue, Size = 0.9 });
                    }
                    else if (cell.IsSuppressed)
                    {
                        var text = plot.Add.Text(cell.Text ?? "", i, 0);
                        text.LabelFontSize = 12;
                        text.LabelAlignment = Alignment.LowerCenter;
                    }
                }

                plot.Add.Bars(bars);
                // Bands read "0–10%": short enough to stand level under their bars, clear of the axis caption.
                plot.Axes.Bottom.SetTicks([.. table.Rows.Select((_, i) => (double)i)], [.. table.Rows.Select(r => (r.Cells[0].Text ?? "").Replace("%–", "–", StringComparison.Ordinal))]);
                plot.Axes.Margins(bottom: 0);
                plot.XLabel("Predicted probability of dropping out within the model's horizon");
                plot.YLabel("Patients in care");
            });
    }

    /// <summary>
    /// Bars per category for IOP and PHP with interval whiskers; a suppressed bar shows its "&lt;11" text instead. Shares on
    /// a 0–100% axis, or (<paramref name="percent"/> false) amounts on an axis fitted to the bars and their intervals, zero included.
    /// </summary>
    private static void GroupedBars(Plot plot, IReadOnlyList<(string Category, (double? Y, double? Lo, double? Hi, bool Absent)[] Values)> categories, bool percent = true)
    {
        var bars = new List<Bar>();
        var whiskers = new List<(double Low, double High, double At)>();
        var ticks = new List<(double, string)>();
        for (var c = 0; c < categories.Count; c++)
        {
            var (category, values) = categories[c];
            var start = c * (Levels.Length + 1);
            ticks.Add((start + ((Levels.Length - 1) / 2.0), category));
            for (var l = 0; l < Levels.Length; l++)
            {
                var x = start + l;
                if (values[l].Y is { } y)
                {
                    bars.Add(new Bar { Position = x, Value = y, FillColor = Levels[l].Color, Size = 0.9 });
                    whiskers.Add((values[l].Lo ?? y, values[l].Hi ?? y, x));
                }
                else
                {
                    // No row at all: this population has no patients of that level (say, a program of outpatients only).
                    var text = plot.Add.Text(values[l].Absent ? "no patients" : "suppressed", x, 0.01);
                    text.LabelFontSize = 12;
                    text.LabelRotation = -90;
                    text.LabelAlignment = Alignment.MiddleLeft;
                }
            }
        }

        plot.Add.Bars(bars);
        // Drawn after the bars, so that the lower half of each interval shows over its bar.
        foreach (var (low, high, at) in whiskers)
        {
            Whisker(plot, low, high, at, OkabeIto.Black, horizontal: false);
        }

        foreach (var (_, name, _, color) in Levels)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = color });
        }

        plot.Axes.Bottom.SetTicks([.. ticks.Select(t => t.Item1)], [.. ticks.Select(t => t.Item2)]);
        // A bar's width of room either side, so that one category's two bars do not fill the whole chart.
        plot.Axes.SetLimitsX(-1, (categories.Count * (Levels.Length + 1)) - 1);
        if (percent)
        {
            plot.Axes.SetLimitsY(0, 1);
            Percent(plot.Axes.Left);
        }
        else
        {
            var ends = whiskers.SelectMany(w => new[] { w.Low, w.High }).Append(0).ToList();
            var span = Math.Max(ends.Max() - ends.Min(), 1);
            plot.Axes.SetLimitsY(ends.Min() - (span * 0.08), ends.Max() + (span * 0.08));
        }

        plot.ShowLegend(Alignment.UpperRight);
    }

    private static void Whisker(Plot plot, double low, double high, double at, Color color, bool horizontal, double cap = 0.12)
    {
        void Segment(double x1, double y1, double x2, double y2)
        {
            var line = horizontal ? plot.Add.Line(y1, x1, y2, x2) : plot.Add.Line(x1, y1, x2, y2);
            line.Color = color;
            line.LineWidth = 1.8f;
        }

        Segment(at, low, at, high);
        Segment(at - cap, low, at + cap, low);
        Segment(at - cap, high, at + cap, high);
    }

    private static void Percent(IAxis axis) => axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
    {
        LabelFormatter = v => v.ToString("0%", CultureInfo.InvariantCulture),
        TargetTickCount = 6,
    };

    private static void Points(IAxis axis) => axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
    {
        LabelFormatter = v => (v * 100).ToString("+0;-0;0", CultureInfo.InvariantCulture),
        TargetTickCount = 8,
    };

    private static TableRow? Row(ReportTable table, string label, string group, string level, bool byLabel = false) =>
        table.Rows.FirstOrDefault(r => r.Cells[0].Text == label && (r.Cells[1].Text ?? "") == group && r.Cells[2].Text == (byLabel ? level : LevelNames.Label(level)));

    private static (double? Y, double? Lo, double? Hi, bool Absent) Estimate(ReportTable table, string label, string group, string level, bool byLabel = false) =>
        Row(table, label, group, level, byLabel) is { } row ? (row.Cells[5].Number, row.Cells[6].Number, row.Cells[7].Number, false) : (null, null, null, true);

    /// <summary>
    /// The denominator of a row as shown (a number, or "&lt;11"); without an all-levels row, the levels' shown
    /// denominators added up, saying so when some are suppressed.
    /// </summary>
    private static string Count(ReportTable table, string label, string group, string level)
    {
        if (Row(table, label, group, level) is { } row)
        {
            return row.Cells[3].Display(ColumnKind.Count);
        }

        var levels = table.Rows.Where(r => r.Cells[0].Text == label && (r.Cells[1].Text ?? "") == group && !r.Cells[2].Text!.StartsWith(LevelNames.Label(Figure.IopMinusPhp), StringComparison.Ordinal)).ToList();
        var shown = levels.Sum(r => r.Cells[3].Number ?? 0).ToString("N0", CultureInfo.InvariantCulture);
        return levels.Any(r => r.Cells[3].IsSuppressed) ? $"{shown} + suppressed" : shown;
    }
}
