using System.Globalization;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Definitions;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Monthly;

/// <summary>
/// The tables of a report, one per sheet, each built from stored figures and disclosed as the output's
/// <see cref="DisclosurePolicy"/> says (suppressed for release, exact and marked for internal use) before anything else
/// sees it: the workbook, the charts, the HTML page and the manifest all show these cells.
/// </summary>
internal sealed class ReportTables
{
    private readonly ReportData _data;
    private readonly SmallCellPolicy _policy;
    private readonly LinkedCounts _linked = new();

    /// <summary>
    /// Builds every table of the run once or more, until no block hides a count that another block shows for the
    /// same level (see <see cref="LinkedCounts"/>); from then on every table is built with all of them hidden.
    /// </summary>
    public ReportTables(ReportData data, DisclosurePolicy disclosure)
    {
        _data = data;
        Disclosure = disclosure;
        _policy = disclosure.Cells;
        for (var pass = 0; pass < 20; pass++)
        {
            _linked.Changed = false;
            _ = Outcomes();
            _ = Retention();
            _ = RetentionCurve();
            _ = Attendance();
            _ = FamilyInvolvement();
            _ = Relapse();
            _ = DataQuality();
            _ = Measurement();
            _ = Access();
            _ = Satisfaction();
            _ = Summary();
            _ = Trends();
            if (!_linked.Changed)
            {
                return;
            }
        }

        throw new InvalidOperationException("Suppression across linked tables did not settle.");
    }

    /// <summary>What these tables may show, and for whom.</summary>
    public DisclosurePolicy Disclosure { get; }

    public const string CompletionLabel = "Completion";
    public const string DropoutLabel = "Dropout (unplanned discharge)";
    public const string TransferLabel = "Transfer / step-down";
    public const string EarlyDropoutLabel = "Early dropout (30 days)";
    public const string RetentionLabel = "Still in care (Kaplan–Meier)";
    public const string RetentionCurveLabel = "Still in care (Kaplan–Meier curve)";
    public const string AsamLabel = "Weeks meeting the ASAM minimum hours";
    public const string FamilyLabel = "Family involved in the first 14 days";
    public const string CompletionByFamilyLabel = "Completion by family involvement in the first 14 days (stays of 14 days or more)";
    public const string PositivePerPatientLabel = "Positive screen during care (per patient)";
    public const string PositiveWeeksLabel = "Weeks tested with a positive screen";
    public const string AbstinenceLabel = "Abstinent at follow-up (reached patients)";

    public ReportTable Outcomes(StoredRun? run = null) => Builder(run)
        .Rates("completion", CompletionLabel).Adjusted("completion", CompletionLabel)
        .Rates("dropout", DropoutLabel).Adjusted("dropout", DropoutLabel)
        .Rates("transfer", TransferLabel)
        .Rates("early_dropout", EarlyDropoutLabel)
        .Rates("step_down_to_iop", "Step-down from PHP to IOP")
        .Rates("step_down_completed", "Step-down completed (PHP → IOP → OP)")
        .Rates("completed_or_stepped_down_engaged", FigureCatalogue.Find("completed_or_stepped_down_engaged")!.Name)
        .Days("length_of_stay_days", "Length of stay, days (median; bounds are the IQR)")
        .Build("outcomes", "Discharge outcomes, IOP vs PHP");

    public ReportTable Retention() => Builder()
        .Survival("retention", RetentionLabel)
        .Days("retention_median_days", "Median days in care (Brookmeyer–Crowley interval)")
        .Build("retention", "Retention in care after admission", string.Join(" ", new[]
        {
            LogRank(),
            "A share at a day later than the period's first admission could have been followed (to the data-through date) is not yet estimable.",
        }.OfType<string>()));

    /// <summary>The retention curve of IOP and PHP every 7 days to day 180, with the numbers at risk.</summary>
    public ReportTable RetentionCurve() => new("retention_curve", "Retention curve: still in care every 7 days, with the number at risk",
        FigureTableBuilder.CurveColumns, Builder().Curve("retention_curve", RetentionCurveLabel), string.Join(" ", new[]
        {
            "Kaplan–Meier estimate on each day after admission, 95% interval (Greenwood variance, log scale). At risk: patients still in care and followed on that day.",
            $"An estimate is shown only while at least {_policy.Threshold} patients are at risk.",
            LogRank(),
        }.OfType<string>()));

    public ReportTable Attendance() => Builder()
        .Rates("asam_weeks_met", AsamLabel)
        .Ratio("attended_minutes_share", "Share of scheduled minutes attended")
        .Rates("no_show", "No-shows by session kind")
        .Build("attendance", "Attendance against the ASAM minimum hours (IOP 9 h, PHP 20 h a week)");

    public ReportTable FamilyInvolvement() => Builder()
        .Rates("family_involvement", FamilyLabel)
        .Rates("completion_by_family_involvement", CompletionByFamilyLabel)
        .Build("family_involvement", "Family involvement in the first 14 days, and completion",
            "Involvement: an attended family contact or family session in days 0 to 13, among the admissions whose 14 days have passed. "
            + "Completion is compared among the discharges still in care on day 14, so that every stay had the same 14 days to be involved.");

    public ReportTable Relapse() => Builder()
        .Rates("positive_screen_per_screen", "Positive screens per screen")
        .Rates("positive_screen_per_week_tested", PositiveWeeksLabel)
        .Rates("positive_screen_per_patient", PositivePerPatientLabel)
        .Survival("free_of_positive_screen", "Free of a positive screen since admission (Kaplan–Meier)")
        .Rates("readmission_30d", "Readmission within 30 days")
        .Rates("readmission_90d", "Readmission within 90 days")
        .Rates("follow_up_reach", "Follow-up reached the patient")
        .Rates("abstinence_at_follow_up", AbstinenceLabel)
        .Rates("abstinence_lower_bound", "Abstinent at follow-up, at least (unreached counted as using)")
        .Rates("abstinence_upper_bound", "Abstinent at follow-up, at most (unreached counted as abstinent)")
        .Build("relapse", "Relapse during care and at follow-up",
            "Follow-up counts the discharges due (other than by transfer or death, whose 30, 90 or 180 days have passed): the unreached are the rest. "
            + "Abstinence among all due lies between the two bounds, whatever the unreached would have answered.");

    public const string CoverageLabel = "Measured at intake and again";
    public const string ChangeLabel = "Change from intake to the last score, points";
    public const string RecoveredLabel = "Recovered";
    public const string ReliablyImprovedLabel = "Reliably improved (recovered or improved)";
    public const string UnchangedLabel = "No reliable change";
    public const string DeterioratedLabel = "Reliably deteriorated";
    public const string AdmittedWithinLabel = "Admitted within 7 days of referral";
    public const string ReferralToContactLabel = "Days from referral to first contact (median)";
    public const string ContactToAdmissionLabel = "Days from first contact to admission (median)";
    public const string ReferralToAdmissionLabel = "Days from referral to admission (median)";
    public const string SatisfactionMeanLabel = "Satisfaction, mean score";
    public const string SatisfactionTopBoxLabel = "Satisfaction, top box";

    /// <summary>The line a table of data contract v2's figures shows when its run holds none (a drop of version 1).</summary>
    public static string NoDataLine(string files) =>
        $"No data: this run's period holds no {files} (data contract version 2), so no figure here. A drop of version 1 has none.";

    /// <summary>
    /// Measurement-based care: per standardised instrument with a total (PHQ-9, GAD-7, PCL-5), IOP and PHP, the share of
    /// discharges measured at intake and again, the mean change from intake to the last score with its crude and case-mix
    /// adjusted IOP minus PHP difference, and the Jacobson–Truax classes. Rows by instrument in the catalogue's order.
    /// </summary>
    public ReportTable Measurement()
    {
        var builder = Builder()
            .Rates("score_coverage", CoverageLabel)
            .Means("score_change", ChangeLabel)
            .Rates("score_recovered", RecoveredLabel)
            .Rates("score_reliably_improved", ReliablyImprovedLabel)
            .Rates("score_unchanged", UnchangedLabel)
            .Rates("score_deteriorated", DeterioratedLabel);
        return V2Table(builder, "measurement", "Standardised instruments: measured, change from intake to the last score, reliable change", "assessments",
            "Episodes discharged in the period; intake the first score within 7 days of admission, the last the last later score by discharge. "
            + "Change: last minus intake in the instrument's points (on these instruments lower is better, so a fall is improvement), Student's t interval; IOP minus PHP crude (Welch) and adjusted for case mix and intake score (inverse probability weighting). "
            + "Reliable change: Jacobson–Truax index beyond 1.96; recovered: reliably improved and crossed the published cut-off (each row's note gives the criteria). Read the shares beside the share measured: change is known only for those scored twice.");
    }

    /// <summary>
    /// Access: the referrals of the period by the level of care they were for, the share admitted within 7 days (the
    /// referrals whose 7 days have passed, never-admitted counted), and the median days of each step with its interval, the
    /// count of each median the referrals that reached that step.
    /// </summary>
    public ReportTable Access()
    {
        var builder = Builder()
            .Rates("admitted_within_7_days", AdmittedWithinLabel)
            .Days("days_referral_to_first_contact", ReferralToContactLabel)
            .Days("days_first_contact_to_admission", ContactToAdmissionLabel)
            .Days("days_referral_to_admission", ReferralToAdmissionLabel);
        return V2Table(builder, "access", "Access: referrals, first contact, admission and the waits between", "referrals",
            "Referrals received in the period, by the level of care they were for (All levels: every referral, also those for another level or no program yet). "
            + "Admitted within 7 days: among the referrals whose 7 days have passed by the data-through date; a referral never admitted counts as not admitted. "
            + "Days: the median among the referrals that reached both dates (its count, in the Denominator column, is the referrals that reached the later step), distribution-free interval; none below 6.");
    }

    /// <summary>Satisfaction: per survey instrument, IOP and PHP, the mean score and the top-box share, each with its interval.</summary>
    public ReportTable Satisfaction()
    {
        var builder = Builder()
            .Means("satisfaction_mean", SatisfactionMeanLabel)
            .Rates("satisfaction_top_box", SatisfactionTopBoxLabel);
        return V2Table(builder, "satisfaction", "Satisfaction at discharge: mean score and top box", "surveys",
            "Each discharged episode's first survey on the instrument (CSQ-8: 8 to 32, higher is better; top box its best total, 32). Mean: Student's t interval, IOP minus PHP Welch's; top box: Wilson, IOP minus PHP Newcombe's. "
            + "Response is not random: each row's note gives the surveys among the discharges.");
    }

    /// <summary>
    /// A table of data contract v2's figures with each instrument's code in words ("phq_9" as "PHQ-9") and its rows in the
    /// catalogue's order, or the <see cref="NoDataLine"/> when the run holds none of them.
    /// </summary>
    private static ReportTable V2Table(FigureTableBuilder builder, string id, string title, string files, string note)
    {
        var table = builder.Build(id, title, note);
        if (table.Rows.Count == 0)
        {
            return table with
            {
                Rows = [new TableRow([TableCell.Of(NoDataLine(files)), .. Enumerable.Repeat(TableCell.Empty, table.Columns.Count - 1)])],
                Note = null,
            };
        }

        return table with
        {
            Rows = [.. table.Rows.OrderBy(r => InstrumentOrder(r.Cells[1].Text ?? "")).Select(r => r with { Cells = [r.Cells[0], TableCell.Of(InstrumentLabel(r.Cells[1].Text ?? "")), .. r.Cells.Skip(2)] })],
        };
    }

    /// <summary>An instrument's code as its short name: "phq_9" is "PHQ-9", "csq_8" "CSQ-8"; an empty group stays empty.</summary>
    public static string InstrumentLabel(string code) => code.ToUpperInvariant().Replace('_', '-');

    private static int InstrumentOrder(string code)
    {
        var index = Ingest.Contract.Instruments.InstrumentCatalogue.BuiltIn.ToList().FindIndex(i => i.Code == code);
        return index < 0 ? int.MaxValue : index;
    }

    public ReportTable DataQuality()
    {
        var builder = Builder().Rates("field_completeness", "Field known (patients in care)").Rates("missing_discharge", "Possibly missing discharge");
        var rows = builder.Rows.ToList();
        if (_data.Current.Run.Find("quarantined_rows").SingleOrDefault() is { } q)
        {
            // Rows of files, not patients: no small-cell rule applies.
            rows.Add(new TableRow(
            [
                TableCell.Of("Rows quarantined by loads in the period"), TableCell.Of("rows"), TableCell.Of(LevelNames.Label(Figure.All)),
                TableCell.Of(q.Denominator, ColumnKind.Number), TableCell.Of(q.Numerator, ColumnKind.Number), TableCell.Of(q.Estimate),
                TableCell.Empty, TableCell.Empty, TableCell.Empty, TableCell.Empty, TableCell.Of(q.Note),
            ]));
        }

        return new ReportTable("data_quality", "Data quality: completeness and quarantined rows", FigureTableBuilder.Columns, rows,
            rows.Any(r => r.Cells[FigureTableBuilder.PValueColumn].Text is not null) ? PValueText.Note : null);
    }

    public ReportTable Batches()
    {
        TableColumn[] columns =
        [
            new("Batch", ColumnKind.Number), new("File", ColumnKind.Text), new("Contents", ColumnKind.Text), new("Status", ColumnKind.Text),
            new("Started", ColumnKind.Text), new("Rows read", ColumnKind.Number), new("Inserted", ColumnKind.Number),
            new("Updated", ColumnKind.Number), new("Quarantined", ColumnKind.Number),
        ];
        if (_data.Facility is not null)
        {
            return new ReportTable("latest_batches", "Latest file loads", columns,
                [new TableRow([TableCell.Empty, TableCell.Of(FacilityBatchesText), .. Enumerable.Repeat(TableCell.Empty, columns.Length - 2)])],
                FacilityBatchesNote);
        }

        return new ReportTable("latest_batches", "Latest file loads", columns,
            [.. _data.Batches.Select(b => new TableRow(
            [
                TableCell.Of(b.BatchId), TableCell.Of(b.FileName), TableCell.Of(b.Entity), TableCell.Of(b.Status),
                TableCell.Of(b.StartedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), TableCell.Of(b.RowsRead), TableCell.Of(b.RowsInserted),
                TableCell.Of(b.RowsUpdated), TableCell.Of(b.RowsQuarantined),
            ]))],
            "Rows of files, not patients.");
    }

    /// <summary>What a facility's workbook shows in place of the file loads.</summary>
    public const string FacilityBatchesText = "not listed in a facility's report";

    /// <summary>Why a facility's workbook lists no file loads.</summary>
    public const string FacilityBatchesNote =
        "A facility's report lists no file loads: the load ledger does not record which facility's rows a file held, and one file may hold several facilities' rows. " +
        "The workbook of all facilities lists them, and 'outcomes batches' shows the ledger.";

    /// <summary>
    /// The program's own targets (outcome_target) judged on this month's figures: met, not met or not assessable, and
    /// whether the 95% interval clears the target. No count is shown; a suppressed figure is not assessable.
    /// </summary>
    public ReportTable Targets() => new(
        "targets", "Targets met and missed (the program's own targets: outcomes targets list)",
        [
            new("Figure", ColumnKind.Text), new("Group", ColumnKind.Text), new("Level of care", ColumnKind.Text),
            new("This month", ColumnKind.Percent), new("Target", ColumnKind.Text), new("Verdict", ColumnKind.Text), new("Chance", ColumnKind.Text),
        ],
        [.. _data.Targets.OrderBy(j => j.Verdict).ThenBy(j => j.Target.Metric, StringComparer.Ordinal).ThenBy(j => j.Figure!.LevelOfCare, StringComparer.Ordinal).Select(j => new TableRow(
        [
            TableCell.Of(FigureCatalogue.Title(j.Target.Metric)), TableCell.Of(j.Figure!.Grouping), TableCell.Of(LevelNames.Label(j.Figure.LevelOfCare)),
            j.Verdict == Analytics.Targets.TargetVerdict.NotAssessable || !Analytics.Targets.TargetMetrics.IsShare(j.Target.Metric) ? TableCell.Empty : TableCell.Of(j.Figure.Estimate),
            TableCell.Of(j.Target.Describe()),
            TableCell.Of(j.Verdict switch
            {
                Analytics.Targets.TargetVerdict.Met => "met", Analytics.Targets.TargetVerdict.NotMet => "not met",
                Analytics.Targets.TargetVerdict.CannotTell => "cannot tell", _ => "not assessable",
            }),
            TableCell.Of(j.Clearly switch
            {
                true when j.Verdict == Analytics.Targets.TargetVerdict.CannotTell => "the whole interval is on one side, but not after false-discovery control across the month's judgements",
                true => "the whole interval is on this side",
                false => "the interval includes the target",
                _ => j.Verdict is Analytics.Targets.TargetVerdict.NotAssessable or Analytics.Targets.TargetVerdict.CannotTell ? j.Reason : "",
            }),
        ]))],
        _data.Targets.Count == 0 ? "No targets set for this month's figures (outcomes targets set)." : null);

    /// <summary>
    /// The scheduled daily data-quality check's findings in the period (outcomes serve). A missing-discharge share is
    /// not shown: over a facility's few patients in care it could reveal a small count; the server's log has it.
    /// </summary>
    public ReportTable Findings() => new(
        "pipeline_checks", "Daily data-quality checks of the scheduled pipeline",
        [
            new("Checked on", ColumnKind.Text), new("Check", ColumnKind.Text), new("About", ColumnKind.Text),
            new("Measured", ColumnKind.Number), new("Limit", ColumnKind.Number), new("What it means", ColumnKind.Text),
        ],
        [.. _data.Findings.Select(f => new TableRow(
        [
            TableCell.Of(f.CheckedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), TableCell.Of(f.Kind.Replace('_', ' ')), TableCell.Of(f.Subject),
            f.Kind == "missing_discharge" ? TableCell.Empty : TableCell.Of(f.Measured), TableCell.Of(f.Threshold),
            TableCell.Of(f.Kind switch
            {
                "stale_source" => "hours since the source folder last delivered a file",
                "quarantine_spike" => "share of a day's loaded rows quarantined, against the limit from the previous four weeks",
                "missing_discharge" => "share of patients in care with no session in 30 days above the limit: discharges probably not recorded",
                _ => "",
            }),
        ]))],
        _data.Findings.Count == 0 ? "No findings in the period (or no job server ran the check)." : "Findings are also in the server's log.");

    /// <summary>
    /// The case-mix balance of the IOP against PHP comparison by course of care: each characteristic's standardised
    /// difference of means between courses begun in IOP and in PHP, before and after inverse probability weighting, as
    /// stored in the run (<c>course_standardised_difference</c>, <c>course_standardised_difference_weighted</c>), most
    /// unbalanced before weighting first. Differences of means, not counts: nothing to suppress.
    /// </summary>
    public ReportTable CourseBalance()
    {
        var run = _data.Current.Run;
        var before = run.Figures.Where(f => f.Metric == "course_standardised_difference" && f.FacilityId == Scope && f.Estimate is not null).ToList();
        var after = run.Figures.Where(f => f.Metric == "course_standardised_difference_weighted" && f.FacilityId == Scope)
            .ToDictionary(f => f.Grouping, f => f.Estimate);
        return new ReportTable("course_balance", "Case-mix balance of courses of care: standardised differences, IOP minus PHP",
            [new("Characteristic", ColumnKind.Text), new("Before weighting", ColumnKind.Number), new("After weighting", ColumnKind.Number)],
            [.. before.OrderByDescending(f => Math.Abs(f.Estimate!.Value)).ThenBy(f => f.Grouping, StringComparer.Ordinal).Select(f => new TableRow(
            [
                TableCell.Of(CharacteristicLabel(f.Grouping)), TableCell.Of(f.Estimate), TableCell.Of(after.GetValueOrDefault(f.Grouping)),
            ]))],
            before.Count == 0
                ? "No courses of care with a complete 180-day window began in the period."
                : string.Create(CultureInfo.InvariantCulture, $"{before[0].N:N0} courses begun in the period; standardised difference of means (pooled standard deviation), courses begun in IOP minus begun in PHP; |difference| below 0.1 is the usual mark of balance (Austin 2009)."));
    }

    /// <summary>A characteristic as a reader says it: capitalised, without the unit the model uses.</summary>
    public static string CharacteristicLabel(string covariate)
    {
        var words = covariate.Replace(" (decades)", "", StringComparison.Ordinal);
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>
    /// The figures of the Summary sheet: metric, group, label as in the section tables, and whether it is a plain
    /// proportion of counted patients (its change gets Newcombe's interval) or not (a Kaplan–Meier share: MOVER on the
    /// two stored intervals).
    /// </summary>
    public static readonly IReadOnlyList<(string Metric, string Group, string Label, bool Proportion)> KeyFigures =
    [
        ("completion", "", CompletionLabel, true),
        ("dropout", "", DropoutLabel, true),
        ("early_dropout", "", EarlyDropoutLabel, true),
        ("retention", "day 90", RetentionLabel, false),
        ("asam_weeks_met", "", AsamLabel, true),
        ("family_involvement", "", FamilyLabel, true),
        // Per week tested, not per patient: a patient's chance of a positive screen grows with the weeks a window holds,
        // so a per-patient share of 12 months is not comparable with a month's; a week's is.
        ("positive_screen_per_week_tested", "", PositiveWeeksLabel, true),
        ("readmission_30d", "", "Readmission within 30 days", true),
        ("follow_up_reach", "day 30", "Follow-up reached the patient", true),
    ];

    public const string MonthHeader = "This month";
    public const string MonthCountHeader = "n this month";
    public const string RollingHeader = "Rolling 3 months";
    public const string QuarterToDateHeader = "Quarter to date";
    public const string TwelveMonthsHeader = "12 months";
    public const string LastYearHeader = "Same month last year";
    public const string ChangeHeader = "Change from same month last year (% points)";
    public const string ChangeLowerHeader = "Change 95% CI lower";
    public const string ChangeUpperHeader = "Change 95% CI upper";

    /// <summary>
    /// Per key figure and level (IOP, PHP): the month with its n and 95% interval; the rolling three months, the quarter
    /// to date and the trailing twelve months, each the stored run of its own period (<see cref="WindowRuns"/>); the same
    /// month last year and the change from it with its 95% interval (<see cref="FigureChange"/>); the SPC reading of the
    /// twelve stored months (<see cref="SpcReading"/>); and the target. Every cell is as the section tables disclose it:
    /// internal, a figure resting on a small count is shown and marked; for release, hidden, and then so is its change.
    /// </summary>
    public ReportTable Summary()
    {
        var columns = new List<TableColumn>
        {
            new("Figure", ColumnKind.Text), new("Level of care", ColumnKind.Text),
            new(MonthCountHeader, ColumnKind.Count), new(MonthHeader, ColumnKind.Percent),
            new("95% CI lower", ColumnKind.Percent), new("95% CI upper", ColumnKind.Percent),
            new(RollingHeader, ColumnKind.Percent), new(QuarterToDateHeader, ColumnKind.Percent), new(TwelveMonthsHeader, ColumnKind.Percent),
            new(LastYearHeader, ColumnKind.Percent), new(ChangeHeader, ColumnKind.PercentDifference),
            new(ChangeLowerHeader, ColumnKind.PercentDifference), new(ChangeUpperHeader, ColumnKind.PercentDifference),
            new(SpcHeader, ColumnKind.Text), new("Target", ColumnKind.Percent),
        };
        var windows = _data.Windows;
        IReadOnlyList<TableRow> Rows(StoredRun? run) => run is null ? [] : AllRows(run);
        var current = AllRows(_data.Current);
        var rolling = Rows(windows?.RollingThreeMonths);
        var toDate = Rows(windows?.QuarterToDate);
        var twelve = Rows(windows?.TwelveMonths);
        var lastYear = Rows(windows?.SameMonthLastYear);
        var rows = new List<TableRow>();
        foreach (var (metric, group, label, proportion) in KeyFigures)
        {
            foreach (var level in new[] { OutcomeDefinitions.Iop, OutcomeDefinitions.Php })
            {
                var target = Analytics.Targets.TargetEvaluation.Find(_data.TargetsSet, metric, group, Scope, level, _data.Current.Run.Period.End);
                var now = Find(current, label, group, level);
                var month = Estimate(now);
                var before = Estimate(Find(lastYear, label, group, level));
                var change = Change(metric, group, level, proportion, month, before, windows?.SameMonthLastYear);
                var small = month.Small || before.Small;
                rows.Add(new TableRow(
                [
                    TableCell.Of(group.Length == 0 ? label : $"{label}, {group}"), TableCell.Of(LevelNames.Label(level)),
                    now?.Cells[3] ?? TableCell.Of("–"), month,
                    month.Number is null ? TableCell.Empty : now!.Cells[6], month.Number is null ? TableCell.Empty : now!.Cells[7],
                    Estimate(Find(rolling, label, group, level)), Estimate(Find(toDate, label, group, level)), Estimate(Find(twelve, label, group, level)),
                    before,
                    change is null ? TableCell.Of("–") : TableCell.Of(change.Estimate) with { Small = small },
                    TableCell.Of(change?.Interval?.Lower), TableCell.Of(change?.Interval?.Upper),
                    TableCell.Of(Spc(metric, group, level)),
                    target is null ? TableCell.Empty : TableCell.Of(target.Target),
                ], target));
            }
        }

        return new ReportTable("summary", "Key figures, IOP and PHP: the month, longer windows and the change from last year", columns, rows,
            string.Join(" ", new[]
            {
                WindowsNote(windows),
                "n: the month's patients (or weeks) the figure counts; 95% CI: the month's interval, as on its section's sheet.",
                "Change: this month minus the same month last year, in percentage points, with Newcombe's hybrid score interval for two independent proportions (method 10, Newcombe 1998);"
                + $" for {RetentionLabel}, not a plain proportion, the same construction on the two months' stored log-scale intervals (MOVER, Zou & Donner 2008). An interval that includes 0 does not tell the two months apart.",
                SpcNote,
                Disclosure.Suppresses ? "" : $"{DisclosurePolicy.SmallMarker}: resting on a count under {_policy.Threshold}: shown, with its wide interval.",
            }.Where(t => t.Length > 0)));
    }

    /// <summary>What each window of the Summary covers, in the words of <see cref="PeriodNames"/>.</summary>
    private string WindowsNote(WindowRuns? windows)
    {
        if (windows is null)
        {
            return "Windows: no longer windows were read for this period.";
        }

        var through = _data.Current.Run.DataThrough;
        string Of(StoredRun? run) => run is null ? "none (before 1990)" : PeriodNames.Describe(run.Run.Period, through);
        var toDate = windows.QuarterToDate == windows.Month ? "this month (the quarter's first)"
            : windows.QuarterToDate == windows.RollingThreeMonths ? "the rolling 3 months (the quarter's last month)"
            : Of(windows.QuarterToDate);
        return $"Windows, each the stored run of its own period, each patient counted once: {Of(windows.RollingThreeMonths)} (rolling); "
            + $"quarter to date, {toDate}; {Of(windows.TwelveMonths)}; same month last year, {Of(windows.SameMonthLastYear)}. "
            + "–: no figure yet (a cohort whose days have not passed) or no patients.";
    }

    /// <summary>
    /// The change from the same month last year of a figure whose two months are both shown (as numbers), from their
    /// stored figures: Newcombe for a proportion, MOVER for a Kaplan–Meier share.
    /// </summary>
    private FigureChange? Change(string metric, string group, string level, bool proportion, TableCell month, TableCell before, StoredRun? lastYear)
    {
        if (month.Number is null || before.Number is null || lastYear is null)
        {
            return null;
        }

        var now = _data.Current.Run.Find(metric, Scope, level, group).SingleOrDefault();
        var then = lastYear.Run.Find(metric, Scope, level, group).SingleOrDefault();
        if (now is null || then is null)
        {
            return null;
        }

        return proportion ? FigureChange.OfProportions(now, then) : FigureChange.OfEstimates(now, then);
    }

    /// <summary>Key figures per month for the trend chart and sheet.</summary>
    public ReportTable Trends()
    {
        // No difference rows here, so no p-value column.
        var columns = new List<TableColumn> { new("Month", ColumnKind.Text) };
        columns.AddRange(FigureTableBuilder.Columns.Where((_, i) => i != FigureTableBuilder.PValueColumn));
        var rows = new List<TableRow>();
        foreach (var month in _data.Months)
        {
            var table = Builder(month)
                .Rates("completion", CompletionLabel).Rates("dropout", DropoutLabel).Rates("asam_weeks_met", AsamLabel)
                .Build("month", "");
            rows.AddRange(table.Rows.Where(r => !r.Cells[2].Text!.StartsWith(LevelNames.Label(Figure.IopMinusPhp), StringComparison.Ordinal))
                .Select(r => r with { Cells = [TableCell.Of(month.Run.Period.Label), .. r.Cells.Where((_, i) => i != FigureTableBuilder.PValueColumn)] }));
        }

        return new ReportTable("trends", "Twelve-month trends", columns, rows);
    }

    /// <summary>The review statuses a flag can have (risk_flag_review), in the order of its review life.</summary>
    public static readonly IReadOnlyList<string> ReviewStatuses = ["open", "acknowledged", "outreach_done", "dismissed"];

    /// <summary>
    /// Episodes flagged in the period by what became of them and by the review status of their latest flag, one row
    /// per level. The two breakdowns are two tables of levels (by outcome, by status) sharing their row totals, the
    /// episodes flagged: each is suppressed with its totals, and a total either hides is hidden in both, with the
    /// complementary rule applied again, until neither hides anything new.
    /// </summary>
    public ReportTable RiskFlags()
    {
        var outcomes = new[] { "still in care", "completed", "unplanned discharge", "transferred", "other discharge" };
        var levels = LevelNames.InOrder(_data.Risk.FlagOutcomes.Select(f => f.Level)).ToList();
        var byOutcome = new long[levels.Count, outcomes.Length];
        var byStatus = new long[levels.Count, ReviewStatuses.Count];
        foreach (var f in _data.Risk.FlagOutcomes)
        {
            byOutcome[levels.IndexOf(f.Level), Array.IndexOf(outcomes, f.Outcome)] += f.Episodes;
            byStatus[levels.IndexOf(f.Level), ReviewStatuses.ToList().IndexOf(f.Status)] += f.Episodes;
        }

        var outcomeTable = SuppressedTable.Apply(byOutcome, _policy);
        var statusTable = SuppressedTable.Apply(byStatus, _policy);
        var outcomeState = outcomeTable.Extend([]);
        var statusState = statusTable.Extend([]);
        for (var changed = Disclosure.Suppresses; changed;)
        {
            var hidden = Enumerable.Range(0, levels.Count + 1)
                .Where(r => outcomeState[r, outcomes.Length] != CellState.Shown || statusState[r, ReviewStatuses.Count] != CellState.Shown).ToList();
            var nextOutcome = outcomeTable.Extend(hidden.Select(r => (r, outcomes.Length)));
            var nextStatus = statusTable.Extend(hidden.Select(r => (r, ReviewStatuses.Count)));
            changed = Hidden(nextOutcome) != Hidden(outcomeState) || Hidden(nextStatus) != Hidden(statusState);
            (outcomeState, statusState) = (nextOutcome, nextStatus);
        }

        var columns = new List<TableColumn> { new("Level of care", ColumnKind.Text), new("Episodes flagged", ColumnKind.Count) };
        columns.AddRange(outcomes.Select(o => new TableColumn(char.ToUpperInvariant(o[0]) + o[1..], ColumnKind.Count)));
        columns.AddRange(ReviewStatuses.Select(s => new TableColumn("Review: " + s.Replace('_', ' '), ColumnKind.Count)));
        var rows = new List<TableRow>();
        for (var r = 0; r <= levels.Count; r++)
        {
            var total = outcomeState[r, outcomes.Length] != CellState.Shown ? outcomeState[r, outcomes.Length] : statusState[r, ReviewStatuses.Count];
            var row = new List<TableCell>
            {
                TableCell.Of(r == levels.Count ? LevelNames.Label(Figure.All) : LevelNames.Label(levels[r])),
                Count(outcomeTable, total, r, outcomes.Length),
            };
            row.AddRange(Enumerable.Range(0, outcomes.Length).Select(c => Count(outcomeTable, outcomeState[r, c], r, c)));
            row.AddRange(Enumerable.Range(0, ReviewStatuses.Count).Select(c => Count(statusTable, statusState[r, c], r, c)));
            rows.Add(new TableRow(row));
        }

        return new ReportTable("risk_flags", "Early-dropout risk flags raised in the period: what became of them and their review", columns, rows,
            "Episodes flagged at least once in the period by the promoted model's worklist; outcome as of the data-through date; review status of the episode's latest flag of the period as of the data-through date (the last review recorded by then, risk_flag_review; open when none). No identifiers: the worklist itself is the confidential flags export.");
    }

    /// <summary>
    /// The flags raised in the month before the period's last month and what became of them by the data-through date:
    /// their review, how the patient's care stood, the days from flag to first review, and the flags' precision once
    /// their horizon has passed, with its Wilson interval. Counted by flag, without identifiers. Each breakdown (review,
    /// care) adds up to the flags raised; a release suppresses each as a table with that total.
    /// </summary>
    public ReportTable FlagFollowThrough()
    {
        var f = _data.Risk.LastMonthFlags ?? Analytics.DropoutRisk.Flags.FlagFollowThrough.None;
        var month = _data.Risk.LastMonth?.Label ?? "the month before";
        long[] review = [f.Unreviewed, f.Acknowledged, f.OutreachDone, f.Dismissed];
        long[] care = [f.StillInCare, f.Completed, f.DroppedOut, f.OtherDischarge];
        long[] precision = [f.DroppedOutWithinHorizon, f.Matured - f.DroppedOutWithinHorizon];
        var reviewStates = GroupStates(review);
        var careStates = GroupStates(care);
        var precisionStates = GroupStates(precision);
        var raisedState = new[] { reviewStates[^1], careStates[^1] }.FirstOrDefault(s => s != CellState.Shown, reviewStates[^1]);

        TableRow Row(string measure, long count, CellState state, long? of = null, Analytics.Interval? interval = null)
        {
            var shown = state == CellState.Shown || !Disclosure.Suppresses;
            var share = shown && of is > 0 ? (double)count / of.Value : (double?)null;
            return new TableRow(
            [
                TableCell.Of(measure), TableCell.Count(count, state, Disclosure), TableCell.Of(share),
                shown ? TableCell.Of(interval?.Lower) : TableCell.Empty, shown ? TableCell.Of(interval?.Upper) : TableCell.Empty, TableCell.Empty,
            ]);
        }

        // Reviewed is the flags raised less those not yet reviewed: in a release a small one hides the review breakdown whole.
        var reviewedState = !Disclosure.Suppresses ? Marked(f.Reviewed)
            : _policy.IsSmall(f.Reviewed) ? CellState.Small
            : reviewStates[0] != CellState.Shown ? CellState.Complementary : CellState.Shown;
        if (Disclosure.Suppresses && reviewedState == CellState.Small)
        {
            reviewStates = [.. reviewStates.Select(s => s == CellState.Shown ? CellState.Complementary : s)];
        }

        var rows = new List<TableRow>
        {
            Row($"Flags raised in {month}", f.Raised, raisedState),
            Row("Reviewed by the data-through date", f.Reviewed, reviewedState, f.Raised),
            Row("Not yet reviewed", f.Unreviewed, reviewStates[0], f.Raised),
            Row("Latest review: acknowledged", f.Acknowledged, reviewStates[1], f.Raised),
            Row("Latest review: outreach done", f.OutreachDone, reviewStates[2], f.Raised),
            Row("Latest review: dismissed", f.Dismissed, reviewStates[3], f.Raised),
            new TableRow([TableCell.Of("Median days from flag to first review"), TableCell.Empty, TableCell.Empty, TableCell.Empty, TableCell.Empty,
                f.Reviewed > 0 && (!Disclosure.Suppresses || reviewedState == CellState.Shown) ? TableCell.Of(f.MedianDaysToReview) : TableCell.Empty]),
            Row("Patient still in care", f.StillInCare, careStates[0], f.Raised),
            Row("Patient completed care", f.Completed, careStates[1], f.Raised),
            Row("Patient dropped out (unplanned discharge)", f.DroppedOut, careStates[2], f.Raised),
            Row("Patient transferred or discharged otherwise", f.OtherDischarge, careStates[3], f.Raised),
            Row(Horizons(f.HorizonDays), f.Matured, precisionStates[^1]),
            Row("Dropped out within the horizon: precision", f.DroppedOutWithinHorizon, precisionStates[0], f.Matured,
                f.Matured > 0 ? Analytics.Proportions.WilsonInterval.For(f.DroppedOutWithinHorizon, f.Matured) : null),
        };

        // The reasons' mix: flags giving each warning sign (up to three a flag, so not a breakdown of the flags raised).
        // Each count stands alone: a small one is hidden in a release, and no share is shown of a hidden total.
        var raisedShown = !Disclosure.Suppresses || raisedState == CellState.Shown;
        rows.AddRange(f.Reasons.Select(r => Row($"Reason given: {r.Sign}", r.Flags, Marked(r.Flags),
            raisedShown ? f.Raised : null)));
        rows.Add(new TableRow([TableCell.Of(RuleSentence(f.Rules)), TableCell.Empty, TableCell.Empty, TableCell.Empty, TableCell.Empty, TableCell.Empty]));
        return new ReportTable("flag_follow_through", $"Last month's flags: what became of them ({month})",
        [
            new("Measure", ColumnKind.Text), new("Flags", ColumnKind.Count), new("Share", ColumnKind.Percent),
            new("95% CI lower", ColumnKind.Percent), new("95% CI upper", ColumnKind.Percent), new("Days", ColumnKind.Number),
        ],
        rows,
        "By flag, as of the data-through date. Precision: left care unplanned within the flag's own horizon, among flags whose horizon has passed (Wilson 95%). Reasons: the flags giving each warning sign among their reasons (up to three a flag); each flag's own words stay on the confidential worklist.");
    }

    /// <summary>The horizon row's words: each flag's own horizon, the days named.</summary>
    private static string Horizons(IReadOnlyList<int> days) => days.Count switch
    {
        0 => "Horizon passed (each flag's own)",
        1 => string.Create(CultureInfo.InvariantCulture, $"Horizon of {days[0]} days passed"),
        _ => $"Horizon passed (each flag's own: {string.Join(", ", days.Select(d => d.ToString(CultureInfo.InvariantCulture)))} days)",
    };

    /// <summary>The rule that raised the flags in one sentence, from the rule stored with each flag; the standing rule when none was raised.</summary>
    internal static string RuleSentence(IReadOnlyList<string> rules) => rules.Count switch
    {
        0 => string.Create(CultureInfo.InvariantCulture,
            $"Rule: in each facility the highest risks of at least {Analytics.DropoutRisk.Flags.FlagStore.DefaultRiskFloor:0%} (or --risk-floor), at most --capacity new flags in any {Analytics.DropoutRisk.Flags.FlagStore.CapacityDays} days, none again within {Analytics.DropoutRisk.Flags.FlagStore.CooldownDays} days"),
        1 => $"Rule that raised them: in each facility the {rules[0]}.",
        _ => $"Rules that raised them, in turn: in each facility the {string.Join("; then the ", rules)}.",
    };

    /// <summary>The states of a breakdown's counts and, last, of its total, as this output discloses them.</summary>
    private CellState[] GroupStates(long[] counts)
    {
        var cells = new long[1, counts.Length];
        for (var c = 0; c < counts.Length; c++)
        {
            cells[0, c] = counts[c];
        }

        var table = SuppressedTable.Apply(cells, _policy);
        return [.. Enumerable.Range(0, counts.Length + 1).Select(c => State(table, 0, c))];
    }

    private static int Hidden(CellState[,] state) => state.Cast<CellState>().Count(s => s != CellState.Shown);

    private TableCell Count(SuppressedTable table, CellState state, int row, int column) =>
        TableCell.Count(table.Value(row, column), Disclosure.Suppresses ? state : Marked(table.Value(row, column)), Disclosure);

    /// <summary>The state of a count in an internal table: marked small or shown, never hidden.</summary>
    private CellState Marked(long count) => _policy.IsSmall(count) ? CellState.Small : CellState.Shown;

    /// <summary>A cell's state as this output discloses it: suppressed for release, marked for internal use.</summary>
    private CellState State(SuppressedTable table, int row, int column) =>
        Disclosure.Suppresses ? table.State(row, column) : Marked(table.Value(row, column));

    /// <summary>The model's calibration on later admissions, as stored in the registry when it was trained.</summary>
    public ReportTable Calibration()
    {
        var groups = _data.Risk.Calibration;
        var cells = new long[groups.Count, 1];
        for (var i = 0; i < groups.Count; i++)
        {
            cells[i, 0] = groups[i].Count;
        }

        var table = SuppressedTable.Apply(cells, _policy);
        return new ReportTable("calibration", "Dropout model calibration: predicted against observed dropout",
        [
            new("Risk group", ColumnKind.Number), new("Patients", ColumnKind.Count), new("Mean predicted", ColumnKind.Percent),
            new("Observed", ColumnKind.Percent), new("95% CI lower", ColumnKind.Percent), new("95% CI upper", ColumnKind.Percent),
        ],
        [.. groups.Select((g, i) => State(table, i, 0) == CellState.Shown || !Disclosure.Suppresses
            ? new TableRow([TableCell.Of(g.Group), TableCell.Count(g.Count, State(table, i, 0), Disclosure), TableCell.Of(g.MeanPredicted), TableCell.Of(g.Observed), TableCell.Of(g.ObservedInterval.Lower), TableCell.Of(g.ObservedInterval.Upper)])
            : new TableRow([TableCell.Of(g.Group), TableCell.Hidden(table.State(i, 0), _policy), TableCell.Of("suppressed"), TableCell.Empty, TableCell.Empty, TableCell.Empty]))],
        _data.Risk.ModelId is { } id
            ? string.Create(CultureInfo.InvariantCulture, $"Model {id} ({_data.Risk.Algorithm}), test admissions after its training period; AUROC {_data.Risk.Auroc:F3}.")
            : "No dropout model is promoted yet.");
    }

    /// <summary>Episodes in care by band of predicted risk on the latest scoring day of the period.</summary>
    public ReportTable RiskDistribution()
    {
        var bands = _data.Risk.ScoreBands;
        var cells = new long[bands.Count, 1];
        for (var i = 0; i < bands.Count; i++)
        {
            cells[i, 0] = bands[i];
        }

        var table = SuppressedTable.Apply(cells, _policy);
        return new ReportTable("risk_distribution", "Predicted dropout risk of patients in care",
            [new("Predicted risk", ColumnKind.Text), new("Patients in care", ColumnKind.Count)],
            [.. bands.Select((b, i) => new TableRow(
            [
                TableCell.Of(string.Create(CultureInfo.InvariantCulture, $"{i * RiskSummary.BandWidth:0%}–{(i + 1) * RiskSummary.BandWidth:0%}")),
                TableCell.Count(b, State(table, i, 0), Disclosure),
            ]))],
            _data.Risk.ScoredOn is { } day ? $"Scored on {day:yyyy-MM-dd} by model {_data.Risk.ModelId}." : "No scores in the period.");
    }

    private TableCell Count(SuppressedTable table, int row, int column) => TableCell.Count(table.Value(row, column), State(table, row, column), Disclosure);

    private string? LogRank() => _data.Current.Run.Find("retention_logrank", Scope, Figure.IopMinusPhp).SingleOrDefault() is { } f
        ? $"Log-rank test of equal retention, IOP vs PHP: {f.Note}."
        : null;

    private FigureTableBuilder Builder(StoredRun? run = null) => new((run ?? _data.Current).Run, Disclosure, _linked, _data.Facility, _data.TargetsSet);

    private string Scope => _data.Facility ?? Figure.All;

    private IReadOnlyList<TableRow> AllRows(StoredRun run) =>
    [
        .. Outcomes(run).Rows,
        .. Builder(run).Survival("retention", RetentionLabel).Rates("asam_weeks_met", AsamLabel).Rates("family_involvement", FamilyLabel)
            .Rates("positive_screen_per_week_tested", PositiveWeeksLabel).Rates("readmission_30d", "Readmission within 30 days")
            .Rates("follow_up_reach", "Follow-up reached the patient").Rows,
    ];

    private static TableRow? Find(IEnumerable<TableRow> rows, string label, string group, string level) =>
        rows.FirstOrDefault(r => r.Cells[0].Text == label && (r.Cells[1].Text ?? "") == group && r.Cells[2].Text == LevelNames.Label(level));

    /// <summary>
    /// A row's estimate as the Summary shows it: marked small (internal) when its count or n is, since the Summary shows
    /// only the month's n; a reason it is not estimable in two words (the section's sheet gives it whole), so that a
    /// narrow column of numbers stays one.
    /// </summary>
    private static TableCell Estimate(TableRow? row) => row is null
        ? TableCell.Of("–")
        : row.Cells[5] is { Number: not null } estimate && (row.Cells[3].Small || row.Cells[4].Small) ? estimate with { Small = true }
        : row.Cells[5] is { Number: null, Text: { } why } && why.StartsWith("not estimable", StringComparison.Ordinal) ? TableCell.Of("not estimable")
        : row.Cells[5];

    public const string SpcHeader = "SPC, 12 months";

    public const string SpcNote =
        "SPC: a p-chart of those months (Laney's p′ where they vary more than chance) and its special causes: a month outside its limits, 8 in a row on one side of the centre line, 6 rising or falling.";

    /// <summary>The SPC reading of a figure's stored months (a Kaplan–Meier share has no count to chart).</summary>
    private string Spc(string metric, string group, string level)
    {
        if (metric == "retention")
        {
            return "–";
        }

        return SpcReading.Read([.. _data.Months.Select(m => m.Run.Find(metric, Scope, level, group).SingleOrDefault() is { Estimate: not null, Numerator: { } events, Denominator: { } cases } && cases > 0
            ? (m.Run.Period.Label, (long)Math.Round(events), (long)Math.Round(cases))
            : (m.Run.Period.Label, 0L, 0L))]);
    }
}
