using System.Globalization;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Runs;
using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Annual;

/// <summary>
/// The annual review's sections on the data contract's version-2 figures (issue 26), each present only when the year's
/// run holds its figures for the population (<see cref="HeldBy"/>): the standardized instruments used, with their
/// published source (<see cref="InstrumentCatalogue"/>); measurement-based care (coverage, change from intake to the last
/// score, reliable and clinically significant change, IOP minus PHP crude and adjusted); access and efficiency (the waits
/// from referral, the share admitted within 7 days); satisfaction. Every figure is the stored one as
/// <see cref="RunFigureRows"/> publishes it, suppressed with the rest of the review, beside the prior year's and the
/// change when the prior year's run has the figure.
/// </summary>
internal sealed class MeasurementBasedCare(AnnualReviewData data)
{
    private static readonly string[] ChangeMetrics =
        ["score_coverage", "score_change", "score_reliably_improved", "score_recovered", "score_improved", "score_unchanged", "score_deteriorated"];

    private static readonly string[] AccessMetrics =
        ["days_referral_to_first_contact", "days_first_contact_to_admission", "days_referral_to_admission", "admitted_within_7_days"];

    private static readonly string[] SatisfactionMetrics = ["satisfaction_mean", "satisfaction_top_box"];

    /// <summary>The figures the sections show, read through the review's <see cref="RunFigureRows"/> (the adjusted change with <c>score_change</c>).</summary>
    public static IReadOnlyList<string> Metrics { get; } = [.. ChangeMetrics, .. AccessMetrics, .. SatisfactionMetrics];

    /// <summary>The words of the row counting the referrals not admitted within 7 days, those never admitted among them.</summary>
    public const string NotAdmittedLabel = "Not admitted within 7 days (never admitted included)";

    private static readonly string Crude = $"{LevelNames.Label(Figure.IopMinusPhp)} (crude)";

    private static readonly string Adjusted = $"{LevelNames.Label(Figure.IopMinusPhp)} (adjusted for case mix)";

    /// <summary>What <paramref name="run"/> holds of the version-2 figures for <paramref name="scope"/>.</summary>
    public static AuditPack.Standards.Held HeldBy(AnalysisRun run, string scope)
    {
        bool Has(string metric) => run.Figures.Any(f => f.Metric == metric && f.FacilityId == scope && f.ProgramKey is null);
        return new(Has("score_coverage") && Has("score_change"), AccessMetrics.Any(Has), Has("satisfaction_mean"));
    }

    /// <summary>The short name of an instrument code ("phq_9": "PHQ-9").</summary>
    public static string Label(string code) => code.ToUpperInvariant().Replace('_', '-');

    /// <summary>
    /// The instruments of the catalogue and the program's own as its loads stored them, those with a figure in the year
    /// first: what each measures, its range, direction, cut-off, the reliability the reliable change index uses and the
    /// publication they come from.
    /// </summary>
    public ReportTable Instruments()
    {
        var run = data.YearRun.Run;
        var columns = new List<TableColumn>
        {
            new("Instrument", ColumnKind.Text), new("Name", ColumnKind.Text), new("File", ColumnKind.Text), new("Range", ColumnKind.Text),
            new("Better is", ColumnKind.Text), new("Clinical cut-off", ColumnKind.Text), new("Reliability for change", ColumnKind.Text),
            new(SourceHeader, ColumnKind.Text), new($"In {data.Year}'s figures", ColumnKind.Text),
        };
        string InYear(Instrument instrument)
        {
            bool Has(string metric) => run.Figures.Any(f => f.Metric == metric && f.FacilityId == data.Scope && f.ProgramKey is null && f.Grouping == instrument.Code);
            return instrument switch
            {
                _ when Has("score_coverage") => "measurement coverage and change (Measurement-based care)",
                _ when Has("satisfaction_mean") => "mean and top box (Satisfaction)",
                { HasTotal: false } => "none: read by its subscales, no total to compare from intake",
                _ => "none: no scores in the year",
            };
        }

        var rows = InstrumentCatalogue.BuiltIn.Concat(data.ProgramInstruments).Select(i => (Instrument: i, InYear: InYear(i)))
            .OrderBy(x => x.InYear.StartsWith("none", StringComparison.Ordinal))
            .Select(x => new TableRow(
            [
                TableCell.Of(Label(x.Instrument.Code)), TableCell.Of(x.Instrument.Name),
                TableCell.Of(x.Instrument.Purpose == InstrumentPurpose.Progress ? "assessments.csv" : "surveys.csv"),
                TableCell.Of(x.Instrument is { TotalMin: { } min, TotalMax: { } max } ? $"{min}–{max}" : "subscales only"),
                TableCell.Of(x.Instrument.Direction == ScoreDirection.HigherIsWorse ? "lower" : "higher"),
                TableCell.Of(CutOff(x.Instrument)),
                TableCell.Of(x.Instrument.ReliabilityForChange is { } r
                    ? string.Create(CultureInfo.InvariantCulture, $"{r.Coefficient:0.00} {(r.Kind == ReliabilityKind.TestRetest ? "test-retest" : "internal consistency")} ({r.Source})")
                    : "none published: no reliable change"),
                TableCell.Of(x.Instrument.Source), TableCell.Of(x.InYear),
            ])).ToList();
        return new ReportTable("instruments", $"Standardized instruments: what the program measures progress and satisfaction with, {data.Year}", columns, rows,
            "The instruments the data contract (version 2) accepts, with the numbers their authors published (docs/instruments.md); every score is checked against its range, and its items against its total, when it is loaded. "
            + (data.ProgramInstruments.Count > 0
                ? "After them the program's own instruments, as the loads of their scores declared them, with the source the program gave; one declared with the norms of a clinical and a functional sample has Jacobson & Truax's criterion c as its cut-off. "
                : "")
            + $"A score is the intake score when given within {Analytics.Measurement.InstrumentCriteria.IntakeWindowDays} days of admission; change is measured to the last later score by discharge.");
    }

    /// <summary>
    /// The cut-off of <paramref name="instrument"/> as the Instruments table shows it: the published first clinical total
    /// ("10 or more"), or for a program's own instrument declared with norms the Jacobson–Truax c the analysis uses
    /// ("19.72 (Jacobson–Truax c from published norms)"), else "none published".
    /// </summary>
    public static string CutOff(Instrument instrument) => instrument switch
    {
        { Norms: { } norms } => Analytics.Measurement.ClinicalCutoff.DescribeCriterionC(
            Analytics.Measurement.ClinicalCutoff.CriterionC(norms, Analytics.Measurement.InstrumentCriteria.Direction(instrument))),
        { ClinicalCutOff: { } cut } => instrument.Direction == ScoreDirection.HigherIsWorse ? $"{cut} or more" : $"{cut} or less",
        _ => "none published",
    };

    /// <summary>The header of the instruments' publications: a column of sentences.</summary>
    public const string SourceHeader = "Published source";

    /// <summary>Per instrument: coverage, change in points, the Jacobson–Truax classes, and IOP minus PHP crude and adjusted.</summary>
    public ReportTable Change()
    {
        var rows = new List<TableRow>();
        foreach (var instrument in Groupings("score_coverage"))
        {
            rows.AddRange(Rows(instrument, "score_coverage", "Measured at intake and again", Levels(Crude)));
            rows.AddRange(Rows(instrument, "score_change", "Change from intake to the last score (points)", Levels(Crude, Adjusted), isShare: false, unit: "points"));
            rows.AddRange(Rows(instrument, "score_reliably_improved", "Reliably improved (recovered or improved)", Levels(Crude)));
            rows.AddRange(Rows(instrument, "score_recovered", "Recovered: reliable change across the cut-off (clinically significant)", Levels(Crude)));
            rows.AddRange(Rows(instrument, "score_improved", "Reliably improved, not recovered", Levels()));
            rows.AddRange(Rows(instrument, "score_unchanged", "No reliable change", Levels()));
            rows.AddRange(Rows(instrument, "score_deteriorated", "Reliably deteriorated", Levels()));
        }

        return new ReportTable("change", $"Measurement-based care: change on standardized instruments, {data.Year}, against {data.PriorYear}", Columns(withInstrument: true), rows,
            "IOP and PHP episodes discharged in the year. Measured at intake and again: the share of discharges with an intake score and a later one (measurement coverage); the rest of the figures are among those. "
            + "Change: last minus intake score in the instrument's points (negative is better where a lower score is better), Student's t interval. "
            + "Reliable change: beyond the Jacobson–Truax reliable change index of 1.96 with the instrument's published reliability; clinically significant: from the clinical range at intake to the other side of the published cut-off (Jacobson & Truax 1991); Wilson intervals. "
            + "IOP minus PHP: crude (Welch's interval for points, Newcombe's for shares) and, for the change, adjusted for case mix and the intake score by inverse probability weighting (not comparable when the levels' patients do not overlap). "
            + PriorNote());
    }

    /// <summary>The waits from referral to first contact and to admission, and the share admitted within 7 days.</summary>
    public ReportTable Access()
    {
        var rows = new List<TableRow>();
        rows.AddRange(Rows("", "days_referral_to_first_contact", "Days from referral to first contact (median)", Levels(), isShare: false, unit: "days"));
        rows.AddRange(Rows("", "days_first_contact_to_admission", "Days from first contact to admission (median)", Levels(), isShare: false, unit: "days"));
        rows.AddRange(Rows("", "days_referral_to_admission", "Days from referral to admission (median)", Levels(), isShare: false, unit: "days"));
        rows.AddRange(Rows("", "admitted_within_7_days", "Admitted within 7 days of referral", Levels(Crude)));
        foreach (var level in Levels())
        {
            if (NotAdmitted(data.YearRows, level) is { } year)
            {
                var prior = data.PriorYearRows is { } p ? NotAdmitted(p, level) : null;
                rows.Add(new TableRow(
                [
                    TableCell.Of(NotAdmittedLabel), TableCell.Of(LevelNames.Label(level)), TableCell.Empty,
                    data.PriorYearRun is null ? TableCell.Of("no data") : prior ?? TableCell.Of("no figure"), year,
                    TableCell.Empty, TableCell.Empty, TableCell.Of("–"), TableCell.Of("–"),
                ]));
            }
        }

        return new ReportTable("access", $"Access and efficiency: from referral to admission, {data.Year}, against {data.PriorYear}", Columns(withInstrument: false), rows,
            "Referrals received in the year, by the level of care of the program they were for (all levels: every referral, including those for another level or for no program yet). "
            + "Days: medians over the referrals that reached both dates by the data-through date, with the distribution-free 95% interval of order statistics (none with fewer than 6). "
            + "Admitted within 7 days: among every referral whose 7 days have passed, admitted or not; a referral never admitted is kept and counts as not admitted (Wilson interval; IOP minus PHP, Newcombe's). "
            + $"{NotAdmittedLabel}: the referrals behind that share that were not admitted within the 7 days, shown only when the share's counts are. "
            + PriorNote());
    }

    /// <summary>The survey's mean score and top-box share per instrument and level.</summary>
    public ReportTable Satisfaction()
    {
        var rows = new List<TableRow>();
        foreach (var survey in Groupings("satisfaction_mean"))
        {
            rows.AddRange(Rows(survey, "satisfaction_mean", "Satisfaction (mean score)", Levels(Crude), isShare: false, unit: "points"));
            rows.AddRange(Rows(survey, "satisfaction_top_box", "Top box (every answer at its best)", Levels(Crude)));
        }

        return new ReportTable("satisfaction", $"Satisfaction and experience of care, {data.Year}, against {data.PriorYear}", Columns(withInstrument: true), rows,
            "IOP and PHP episodes discharged in the year with a survey (the first on each instrument, at discharge or follow-up): n is the surveys answered, and those who answer are not a random sample of the discharges. "
            + "Mean score with Student's t interval (IOP minus PHP, Welch's); top box: the share of surveys with the instrument's best total (Wilson interval; IOP minus PHP, Newcombe's). "
            + PriorNote());
    }

    private string PriorNote() => data.PriorYearRun is null
        ? $"{data.PriorYear}: no data, the data begin in {data.Year}."
        : $"{data.PriorYear}: the prior year's figure from its own stored run, suppressed as the year's is (\"no figure\": that run holds none); the change is {data.Year} less {data.PriorYear} for the levels, with its 95% interval by the method of variance estimates recovery from the two years' own intervals.";

    private static string[] Levels(params string[] differences) => [OutcomeDefinitions.Iop, OutcomeDefinitions.Php, Figure.All, .. differences];

    private IEnumerable<string> Groupings(string metric)
    {
        var held = data.YearRun.Run.Figures.Where(f => f.Metric == metric && f.FacilityId == data.Scope && f.ProgramKey is null).Select(f => f.Grouping).ToHashSet(StringComparer.Ordinal);
        var catalogue = InstrumentCatalogue.BuiltIn.Select(i => i.Code).ToList();
        return held.OrderBy(g => catalogue.IndexOf(g) is var at && at < 0 ? int.MaxValue : at).ThenBy(g => g, StringComparer.Ordinal);
    }

    private List<TableColumn> Columns(bool withInstrument) =>
    [
        .. withInstrument ? [new TableColumn("Instrument", ColumnKind.Text)] : Array.Empty<TableColumn>(),
        new("Figure", ColumnKind.Text), new("Level of care", ColumnKind.Text), new("n", ColumnKind.Count),
        new($"{data.PriorYear}", ColumnKind.Percent), new($"{data.Year}", ColumnKind.Percent), new("95% CI lower", ColumnKind.Percent), new("95% CI upper", ColumnKind.Percent),
        new($"Change from {data.PriorYear}", ColumnKind.PercentDifference), new("95% CI of the change", ColumnKind.Text),
    ];

    /// <summary>
    /// The rows of one figure: each level the year's run publishes (a level it lacks is left out), and the IOP minus PHP
    /// differences asked for. A level's change from the prior year is in percentage points for a share, else in
    /// <paramref name="unit"/>; a difference's is not given (a change of a difference says little a surveyor can use).
    /// </summary>
    private IEnumerable<TableRow> Rows(string grouping, string metric, string label, IEnumerable<string> levels, bool isShare = true, string unit = "days")
    {
        var run = data.YearRun.Run;
        foreach (var level in levels)
        {
            if (data.YearRows.Find(metric, grouping, level) is not { } year)
            {
                continue;
            }

            var prior = data.PriorYearRows?.Find(metric, grouping, level);
            var isLevel = level is OutcomeDefinitions.Iop or OutcomeDefinitions.Php or Figure.All;
            var change = isLevel
                ? YearChange.Between(year, run.Find(metric, data.Scope, level, grouping).SingleOrDefault(), prior,
                    data.PriorYearRun?.Run.Find(metric, data.Scope, level, grouping).SingleOrDefault(), isShare, unit)
                : null;
            yield return new TableRow(
            [
                .. grouping.Length > 0 ? [TableCell.Of(Label(grouping))] : Array.Empty<TableCell>(),
                TableCell.Of(label), TableCell.Of(isLevel ? LevelNames.Label(level) : level), year.Cells[3],
                data.PriorYearRun is null ? TableCell.Of("no data") : prior?.Cells[5] ?? TableCell.Of("no figure"),
                year.Cells[5], year.Cells[6], year.Cells[7],
                change?.Cell ?? TableCell.Of("–"), TableCell.Of(change?.IntervalText ?? "–"),
            ]);
        }
    }

    /// <summary>The referrals not admitted within 7 days: the share's denominator less its numerator, when both are shown.</summary>
    private static TableCell? NotAdmitted(RunFigureRows rows, string level) =>
        rows.Find("admitted_within_7_days", "", level) is { } row && row.Cells[3] is { Number: { } due } denominator && row.Cells[4] is { Number: { } admitted } numerator
            ? TableCell.Of(due - admitted, ColumnKind.Count) with { Small = denominator.Small || numerator.Small }
            : null;
}
