using System.Globalization;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Definitions;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Annual;

/// <summary>
/// The annual review's tables, the same cells in the workbook and the HTML document: each target with the year's
/// figure, verdict and quarters; the action plans and their effect; data completeness; the measurement system; and
/// what the review was computed from. Each section names the standards it answers (<see cref="Standards"/>).
/// </summary>
internal sealed class AnnualReviewTables(AnnualReviewData data, DisclosurePolicy disclosure)
{
    /// <summary>A section of the review: its table and the standards it answers.</summary>
    public sealed record Section(string Id, string Name, ReportTable Table, IReadOnlyList<Standard> Standards);

    public const string VerdictHeader = "Verdict";

    /// <summary>
    /// The sections in order; those of measurement-based care, access and satisfaction only when the year's run holds
    /// their figures (<see cref="AnnualReviewData.Held"/>), so a year of version-1 drops reads as it always did and the
    /// Standards section says what is not held.
    /// </summary>
    public IReadOnlyList<Section> All()
    {
        var held = data.Held;
        var care = new MeasurementBasedCare(data);
        return
        [
            new("targets", "Targets", Targets(), AuditPack.Standards.ForAnnualSection("targets")),
            new("quarters", "Quarters", Quarters(), AuditPack.Standards.ForAnnualSection("quarters")),
            new("analysis", "Written analysis", Analysis(), AuditPack.Standards.ForAnnualSection("analysis")),
            new("actions", "Action plans", Actions(), AuditPack.Standards.ForAnnualSection("actions")),
            .. held.InstrumentScores
                ? new Section[]
                {
                    new("instruments", "Instruments", care.Instruments(), AuditPack.Standards.ForAnnualSection("instruments")),
                    new("change", "Measurement-based care", care.Change(), AuditPack.Standards.ForAnnualSection("change")),
                }
                : [],
            .. held.Referrals ? new Section[] { new("access", "Access and efficiency", care.Access(), AuditPack.Standards.ForAnnualSection("access")) } : [],
            .. held.Surveys ? new Section[] { new("satisfaction", "Satisfaction", care.Satisfaction(), AuditPack.Standards.ForAnnualSection("satisfaction")) } : [],
            new("completeness", "Data completeness", Completeness(), AuditPack.Standards.ForAnnualSection("completeness")),
            new("measurement", "Measurement system", Measurement(), AuditPack.Standards.ForAnnualSection("measurement")),
            new("standards", "Standards", StandardsCovered(held), []),
            new("about", "About", About(), []),
        ];
    }

    /// <summary>The words of a target figure missed with no action plan, in its row and in the first page's count.</summary>
    public const string MissedWithoutPlanText = "missed, no action plan";

    /// <summary>
    /// The first page's summary: the verdicts counted, and the target figures missed with no action plan counted and
    /// named, the first thing a CARF 1.N surveyor checks.
    /// </summary>
    public string Summary()
    {
        var t = data.Targets;
        var counts = $"{t.Count} target figures in {data.Year}: {t.Count(x => x.Verdict == TargetVerdict.Met)} met, {t.Count(x => x.Verdict == TargetVerdict.NotMet)} not met, "
            + $"{t.Count(x => x.Verdict == TargetVerdict.CannotTell)} cannot tell, {t.Count(x => x.Verdict == TargetVerdict.NotAssessable)} not assessable.";
        var missed = data.MissedWithoutPlan;
        return missed.Count == 0
            ? $"{counts} Missed with no action plan: none."
            : $"{counts} Missed with no action plan: {missed.Count} ({string.Join("; ", missed.Select(m => $"target {m.Target.TargetId.ToString(CultureInfo.InvariantCulture)}, {Name(m.Target)}, {LevelNames.Label(m.Level)}"))}): record one with outcomes actions add.";
    }

    /// <summary>
    /// The year against each target, narrow enough to print at 8 pt on a landscape page: the prior year beside the year,
    /// the change, the verdict, and whether a missed target has an action plan. The quarters, the reasons and the written
    /// analysis stand in tables of their own.
    /// </summary>
    public ReportTable Targets()
    {
        var columns = new List<TableColumn>
        {
            new("Target", ColumnKind.Text), new("Figure", ColumnKind.Text), new("Population", ColumnKind.Text), new("Level of care", ColumnKind.Text),
            new("Target value", ColumnKind.Text),
            new($"{data.PriorYear}", ColumnKind.Percent), new($"{data.Year}", ColumnKind.Percent), new("95% CI lower", ColumnKind.Percent), new("95% CI upper", ColumnKind.Percent),
            new("n", ColumnKind.Count), new($"Change from {data.PriorYear}", ColumnKind.PercentDifference), new("95% CI of the change", ColumnKind.Text),
            new(VerdictHeader, ColumnKind.Text), new(ActionPlanHeader, ColumnKind.Text),
        };
        var rows = data.Targets.Select(t => new TableRow(
        [
            TableCell.Of(t.Target.TargetId.ToString(CultureInfo.InvariantCulture)),
            TableCell.Of(Name(t.Target)),
            TableCell.Of(Population(t.Facility)),
            TableCell.Of(LevelNames.Label(t.Level)),
            TableCell.Of(t.Target.Describe()),
            data.PriorYearRun is null ? TableCell.Of("no data") : t.PriorYear?.Cells[5] ?? TableCell.Of("no figure"),
            t.Year?.Cells[5] ?? TableCell.Of("no figure"),
            t.Year?.Cells[6] ?? TableCell.Empty,
            t.Year?.Cells[7] ?? TableCell.Empty,
            t.Year?.Cells[3] ?? TableCell.Empty,
            t.Change?.Cell ?? TableCell.Of("–"),
            TableCell.Of(t.Change?.IntervalText ?? "–"),
            TableCell.Of(FigureJudgement.Words(t.Verdict)),
            TableCell.Of(t.MissedWithoutPlan ? MissedWithoutPlanText
                : t.Plans.Count > 0 ? (t.Plans.Count == 1 ? "1 plan" : $"{t.Plans.Count} plans")
                : "–"),
        ])).ToList();
        var prior = data.PriorYearRun is null
            ? $"{data.PriorYear}: no data, the data begin in {data.Year}."
            : $"{data.PriorYear}: the prior year's figure from its own stored run, suppressed as the year's is; the change is {data.Year} less {data.PriorYear} (points for a share), with its 95% interval by Newcombe's method from the two years' own intervals.";
        return new ReportTable("targets", $"Targets and the year's figures, {data.Year}, against {data.PriorYear}", columns, rows, data.Targets.Count == 0
            ? "No targets were in force in the year (outcomes targets set)."
            : $"The year's figure with its 95% interval and n (the denominator; a Kaplan–Meier share: the patients admitted), judged against the target from the interval: met or not met only when the whole 95% interval is on one side of the target and the finding survives false-discovery control (Benjamini–Hochberg, 5%) across the year's judgements, cannot tell otherwise; not assessable when suppressed or fewer than {disclosure.Threshold} counted (why: the Quarters table). {prior} \"{MissedWithoutPlanText}\": not met and no action plan recorded for the target (outcomes actions add).");
    }

    /// <summary>The header of the column saying whether a target has an action plan.</summary>
    public const string ActionPlanHeader = "Action plan";

    /// <summary>Each target figure's quarters and why its verdict is what it is.</summary>
    public ReportTable Quarters()
    {
        var columns = new List<TableColumn>
        {
            new("Target", ColumnKind.Text), new("Figure", ColumnKind.Text), new("Population", ColumnKind.Text), new("Level of care", ColumnKind.Text),
        };
        columns.AddRange(data.Quarters.Select(q => new TableColumn(q.Period.Label, ColumnKind.Percent)));
        columns.Add(new(VerdictHeader, ColumnKind.Text));
        columns.Add(new(WhyHeader, ColumnKind.Text));
        var rows = data.Targets.Select(t => new TableRow(
        [
            TableCell.Of(t.Target.TargetId.ToString(CultureInfo.InvariantCulture)), TableCell.Of(Name(t.Target)), TableCell.Of(Population(t.Facility)),
            TableCell.Of(LevelNames.Label(t.Level)), .. t.Quarters, TableCell.Of(FigureJudgement.Words(t.Verdict)),
            TableCell.Of(t.Clearly switch
            {
                true when t.Verdict == TargetVerdict.CannotTell => "the whole 95% interval is on one side, but not after false-discovery control across the year's judgements",
                true => "the whole 95% interval is on this side of the target",
                false => "the 95% interval includes the target: chance alone could put the figure on either side",
                _ => t.Reason,
            }),
        ])).ToList();
        return new ReportTable("quarters", $"The targets quarter by quarter, {data.Year}", columns, rows,
            "Quarters: the estimate of each quarter, suppressed like the year; quarterly counts are not shown, so the year's count cannot be split by subtraction. \"no data yet\": the quarter starts after the data-through date.");
    }

    /// <summary>The header of the column saying why a verdict is what it is.</summary>
    public const string WhyHeader = "Why";

    /// <summary>
    /// One row per target: what it counts, when it is in force, and the quality team's latest written analysis of the
    /// year and the extenuating factors (outcomes targets note), with who wrote it and when.
    /// </summary>
    public ReportTable Analysis()
    {
        var columns = new List<TableColumn>
        {
            new("Target", ColumnKind.Text), new("Figure", ColumnKind.Text), new("What it counts", ColumnKind.Text), new("In force", ColumnKind.Text),
            new(AnalysisHeader, ColumnKind.Text), new(FactorsHeader, ColumnKind.Text), new("Written by, on", ColumnKind.Text),
        };
        var rows = data.Targets.GroupBy(t => t.Target.TargetId).Select(g =>
        {
            var t = g.First();
            var definition = FigureCatalogue.Find(t.Target.Metric);
            var note = t.Note;
            return new TableRow(
            [
                TableCell.Of(t.Target.TargetId.ToString(CultureInfo.InvariantCulture)), TableCell.Of(Name(t.Target)),
                TableCell.Of(definition is null ? null : $"{definition.Numerator}, of {definition.Denominator}"), TableCell.Of(InForce(t.Target)),
                TableCell.Of(note?.Analysis ?? (g.Any(x => x.Verdict == TargetVerdict.NotMet) ? "none written: a missed target needs one (outcomes targets note)" : "none written")),
                TableCell.Of(note is null ? "–" : note.ExtenuatingFactors ?? "none named"),
                TableCell.Of(note is null ? "–" : $"{note.WrittenBy}, {Day(DateOnly.FromDateTime(note.WrittenAt))}"),
            ]);
        }).ToList();
        return new ReportTable("analysis", $"Written analysis and extenuating factors, {data.Year}", columns, rows, rows.Count == 0
            ? "No targets were in force in the year (outcomes targets set)."
            : "The quality team's latest note on each target for the year (outcomes targets note): why the figure is where it is and the circumstances outside the program's control; earlier notes are kept, and who wrote each is taken from the database login.");
    }

    public const string AnalysisHeader = "Written analysis";

    public const string FactorsHeader = "Extenuating factors";

    public ReportTable Actions()
    {
        var columns = new List<TableColumn>
        {
            new("Plan", ColumnKind.Text), new("Target", ColumnKind.Text), new("Figure", ColumnKind.Text), new("Population", ColumnKind.Text),
            new("Level of care", ColumnKind.Text), new("Missed in", ColumnKind.Text), new("Action decided", ColumnKind.Text), new("Owner role", ColumnKind.Text),
            new("Decided on", ColumnKind.Text), new("Due", ColumnKind.Text), new("Status", ColumnKind.Text), new("Follow-up result", ColumnKind.Text),
            new("Effect", ColumnKind.Text),
        };
        var rows = data.Targets.SelectMany(t => t.Plans.Select(p => new TableRow(
        [
            TableCell.Of(p.Plan.PlanId.ToString(CultureInfo.InvariantCulture)), TableCell.Of(t.Target.TargetId.ToString(CultureInfo.InvariantCulture)),
            TableCell.Of(FigureCatalogue.Find(t.Target.Metric)?.Name ?? t.Target.Metric), TableCell.Of(Population(t.Facility)), TableCell.Of(LevelNames.Label(t.Level)),
            TableCell.Of(p.Plan.PeriodLabel), TableCell.Of(p.Plan.Action), TableCell.Of(p.Plan.OwnerRole),
            TableCell.Of(Day(p.Plan.DecidedOn)), TableCell.Of(Day(p.Plan.DueOn)), TableCell.Of(p.Plan.Status.Replace('_', ' ')),
            TableCell.Of(p.Plan.Result ?? "–"), TableCell.Of(p.Effect),
        ]))).ToList();
        return new ReportTable("actions", $"Action plans for missed targets and their effect, {data.Year}", columns, rows, rows.Count == 0
            ? "No action plans were recorded for these targets (outcomes actions add)."
            : $"Effect: a segmented regression of the monthly figure, up to {ActionEffect.MostMonths} months before against up to {ActionEffect.MostMonths} after, leaving out the period missed and the decision month (picked for being bad); a change only when its 95% interval excludes none; not yet assessable with fewer than {ActionEffect.FewestMonths} months shown on a side. Owners are roles; every change of a plan is kept with who made it and when (outcomes actions list).");
    }

    public ReportTable Completeness()
    {
        var columns = new List<TableColumn>
        {
            new("Figure", ColumnKind.Text), new("Field or group", ColumnKind.Text), new("Level of care", ColumnKind.Text), new("Denominator", ColumnKind.Count),
            new("Numerator", ColumnKind.Count), new("Share", ColumnKind.Percent), new("95% CI lower", ColumnKind.Percent), new("95% CI upper", ColumnKind.Percent),
        };
        var run = data.YearRun.Run;
        var rows = new List<TableRow>();
        foreach (var (metric, label) in new[] { ("field_completeness", "Field known (patients in care during the year)"), ("missing_discharge", "Possibly missing discharge (in care on the data-through date, no session in 30 days)") })
        {
            foreach (var grouping in run.Figures.Where(f => f.Metric == metric && f.FacilityId == data.Scope && f.ProgramKey is null).Select(f => f.Grouping).Distinct().Order(StringComparer.Ordinal))
            {
                foreach (var level in new[] { Analytics.Definitions.OutcomeDefinitions.Iop, Analytics.Definitions.OutcomeDefinitions.Php, Figure.All })
                {
                    if (data.YearRows.Find(metric, grouping, level) is { } row)
                    {
                        rows.Add(new TableRow([TableCell.Of(label), .. row.Cells.Skip(1).Take(7)]));
                    }
                }
            }
        }

        if (run.Find("quarantined_rows").SingleOrDefault() is { } q)
        {
            // Rows of files, not patients: no small-cell rule applies.
            rows.Add(new TableRow(
            [
                TableCell.Of("Rows quarantined by the year's file loads (rows of files, not patients)"), TableCell.Of("rows"), TableCell.Of(LevelNames.Label(Figure.All)),
                TableCell.Of(q.Denominator, ColumnKind.Number), TableCell.Of(q.Numerator, ColumnKind.Number), TableCell.Of(q.Estimate), TableCell.Empty, TableCell.Empty,
            ]));
        }

        return new ReportTable("completeness", $"Data completeness, {data.Year}", columns, rows,
            "From the year's stored analysis run (docs/metrics.md, Data quality); counts suppressed as in every table.");
    }

    public static ReportTable Measurement() => new("measurement", "The measurement system: what is collected, when, and how it is checked",
        [new("Part", ColumnKind.Text), new("When or what", ColumnKind.Text), new("Description", ColumnKind.Text), new("Source", ColumnKind.Text)],
        [
            .. MeasurementSystem.Stages.Select(s => new TableRow([TableCell.Of("Collected"), TableCell.Of(s.When), TableCell.Of(s.WhatIsCollected), TableCell.Of(s.From)])),
            .. MeasurementSystem.Checks.Select(c => new TableRow([TableCell.Of("Checked"), TableCell.Of(c.What), TableCell.Of(c.How), TableCell.Of("docs/data-contract.md, docs/metrics.md")])),
        ],
        "Each center sends one CSV file per kind of record (data contract version 1; version 2 adds assessments, referrals and surveys); Outcomes validates, loads and analyses them; the figures' definitions are in docs/metrics.md and the instruments' in docs/instruments.md.");

    public ReportTable About()
    {
        var run = data.YearRun.Run;
        var items = new List<(string, string)>
        {
            ("Report", $"Annual review of outcomes against targets, {data.Year}"),
            ("Population", data.Population),
            ("Data through", Day(data.DataThrough)),
            ($"Analysis run, {data.Year}", run.RunId.ToString()),
        };
        items.AddRange(data.Quarters.Select(q => ($"Analysis run, {q.Period.Label}", q.Run?.Run.RunId.ToString() ?? "none: the quarter starts after the data-through date")));
        items.AddRange(data.EffectRuns.Where(r => data.Quarters.All(q => q.Run?.Run.RunId != r.Run.RunId)).OrderBy(r => r.Run.Period.Start)
            .Select(r => ($"Analysis run, {r.Run.Period.Label} (action effect)", r.Run.RunId.ToString())));
        items.AddRange(
        [
            ("Definitions version", run.DefinitionsVersion),
            ("Analysis software version", data.YearRun.SoftwareVersion),
            ("Report software version", SoftwareVersion.Current),
            ("Audience", DisclosurePolicy.Name(disclosure.Audience)),
            ("Small cells", $"{disclosure.Statement} No patient identifiers."),
        ]);
        return new ReportTable("about", "About this review", [new("Item", ColumnKind.Text), new("Value", ColumnKind.Text)],
            [.. items.Select(i => new TableRow([TableCell.Of(i.Item1), TableCell.Of(i.Item2)]))]);
    }

    /// <summary>
    /// What the review backs of each standard it names, and what is missing for the rest: the mapping claims only what
    /// the year's runs hold (<see cref="AuditPack.Standards.AnnualCoverage"/>).
    /// </summary>
    public static ReportTable StandardsCovered(AuditPack.Standards.Held held) => new("standards", "Standards: what this review backs, and what is missing",
        [new("Standard", ColumnKind.Text), new("Backed by this review", ColumnKind.Text), new("Missing", ColumnKind.Text)],
        [.. AuditPack.Standards.AnnualCoverage(held).Select(c => new TableRow([TableCell.Of(c.Standard), TableCell.Of(c.Backed), TableCell.Of(c.Missing)]))],
        "The mapping is the program's own reading of the standards' wording, not a surveyor's finding.");

    private static string Name(string metric) => FigureCatalogue.Find(metric)?.Name ?? metric.Replace('_', ' ');

    /// <summary>The figure's name with its group when it has one ("Field known: sex"; "Follow-up reached the patient: day 30").</summary>
    private static string Name(OutcomeTarget target) =>
        target.Grouping.Length == 0 ? Name(target.Metric) : $"{Name(target.Metric)}: {FigureCatalogue.Words(target.Grouping)}";

    private static string Population(string facility) => facility == Figure.All ? "All facilities" : $"Facility {facility}";

    private static string InForce(OutcomeTarget target) =>
        target.EffectiveTo is { } to ? $"{Day(target.EffectiveFrom)} to {Day(to)}" : $"from {Day(target.EffectiveFrom)}, until replaced";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
