using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Reports.Disclosure;

namespace Outcomes.Reports.Tables;

/// <summary>
/// Builds a report table from the figures of one stored analysis run, one block of rows per metric and
/// grouping, disclosed as <paramref name="disclosure"/> says. For an external output, suppressed as
/// <see cref="SuppressedTable"/> says: each block is the levels of care by (with the outcome, without it), published
/// with its totals; a rate is shown only when its numerator, its complement and its denominator are all shown. For an
/// internal output every count, rate and interval is shown, a small count marked and its row noted
/// (<see cref="DisclosurePolicy.SmallNote"/>). Numbers are the stored ones; nothing is recomputed. <paramref name="facility"/>
/// picks one facility's figures (a run of all facilities holds each facility's figures too); by default the
/// figures of the run's whole population. <paramref name="targets"/> are the program's stored targets: a rate's row
/// carries the one in force on the period's last day for its facility, level and group.
/// </summary>
internal sealed class FigureTableBuilder(
    AnalysisRun run, DisclosurePolicy disclosure, LinkedCounts? linkedCounts = null, string? facility = null, IReadOnlyList<OutcomeTarget>? targets = null)
{
    private readonly SmallCellPolicy _policy = disclosure.Cells;
    private readonly bool _suppress = disclosure.Suppresses;
    private readonly string _scope = facility ?? Figure.All;
    private readonly LinkedCounts _linked = linkedCounts ?? new LinkedCounts();

    public static readonly IReadOnlyList<TableColumn> Columns =
    [
        new("Figure", ColumnKind.Text),
        new("Group", ColumnKind.Text),
        new("Level of care", ColumnKind.Text),
        new("Denominator", ColumnKind.Count),
        new("Numerator", ColumnKind.Count),
        new("Estimate", ColumnKind.Percent),
        new("95% CI lower", ColumnKind.Percent),
        new("95% CI upper", ColumnKind.Percent),
        new(PValueHeader, ColumnKind.Statistic),
        new("Target", ColumnKind.Percent),
        new("Note", ColumnKind.Text),
    ];

    /// <summary>The column of an IOP minus PHP difference's p-value (<see cref="PValueText"/>), empty on every other row.</summary>
    public const string PValueHeader = "p value";

    /// <summary>Where <see cref="PValueHeader"/> is in <see cref="Columns"/>.</summary>
    public const int PValueColumn = 8;

    private readonly List<TableRow> _rows = [];
    private readonly HashSet<(string Metric, string Grouping)> _comparable = [];

    private IEnumerable<Figure> Of(string metric) =>
        run.Figures.Where(f => f.Metric == metric && f.FacilityId == _scope && f.ProgramKey is null);

    private IEnumerable<string> Groupings(string metric) => Of(metric).Select(f => f.Grouping).Distinct().Order(StringComparer.Ordinal);

    /// <summary>A proportion of patients per level of care, with its Wilson interval.</summary>
    public FigureTableBuilder Rates(string metric, string label)
    {
        foreach (var grouping in Groupings(metric))
        {
            var figures = Of(metric).Where(f => f.Grouping == grouping && f.LevelOfCare != Figure.IopMinusPhp).ToList();
            var levels = LevelNames.InOrder(figures.Select(f => f.LevelOfCare).Where(l => l != Figure.All)).ToList();
            var cells = new long[levels.Count, 2];
            for (var i = 0; i < levels.Count; i++)
            {
                var f = figures.Single(x => x.LevelOfCare == levels[i]);
                var events = (long)(f.Numerator ?? 0);
                cells[i, 0] = events;
                cells[i, 1] = (long)(f.Denominator ?? 0) - events;
            }

            var state = Suppress(metric, cells, levels, [0, 2]);
            var shownLevels = new HashSet<string>();
            foreach (var (level, row) in levels.Select((l, i) => (l, i)).Append((Figure.All, levels.Count)))
            {
                if (figures.SingleOrDefault(x => x.LevelOfCare == level) is not { } f)
                {
                    continue;
                }

                var numerator = state[row, 0];
                var denominator = state[row, 2];
                var shown = !_suppress || (numerator == CellState.Shown && denominator == CellState.Shown && state[row, 1] == CellState.Shown && !f.Suppressed);
                var target = TargetEvaluation.Find(targets ?? [], metric, grouping, _scope, level, run.Period.End);
                if (shown)
                {
                    shownLevels.Add(level);
                }

                _rows.Add(new TableRow(
                [
                    TableCell.Of(label), TableCell.Of(grouping), TableCell.Of(LevelNames.Label(level)),
                    TableCell.Count(f.Denominator, denominator, disclosure),
                    TableCell.Count(f.Numerator, numerator, disclosure),
                    shown ? TableCell.Of(f.Estimate) : TableCell.Of("suppressed"),
                    shown ? TableCell.Of(f.LowerBound) : TableCell.Empty,
                    shown ? TableCell.Of(f.UpperBound) : TableCell.Empty,
                    TableCell.Empty,
                    target is null ? TableCell.Empty : TableCell.Of(target.Target),
                    TableCell.Of(SmallNote(f.Note, f.Suppressed || state[row, 0] != CellState.Shown || state[row, 1] != CellState.Shown || denominator != CellState.Shown, denominator != CellState.Shown)),
                ], target));
            }

            var comparable = shownLevels.Contains(Analytics.Definitions.OutcomeDefinitions.Iop) && shownLevels.Contains(Analytics.Definitions.OutcomeDefinitions.Php);
            if (comparable)
            {
                _comparable.Add((metric, grouping));
            }

            AddDifference(Of(metric).SingleOrDefault(f => f.Grouping == grouping && f.LevelOfCare == Figure.IopMinusPhp), label, grouping, "crude", comparable);
        }

        return this;
    }

    /// <summary>The IOP minus PHP difference adjusted for case mix, when the run has one.</summary>
    public FigureTableBuilder Adjusted(string metric, string label)
    {
        AddDifference(Of($"{metric}_adjusted").SingleOrDefault(), label, "", "adjusted for case mix", CanCompare(metric, ""));
        return this;
    }

    /// <summary>A Kaplan–Meier share at given days in care; the patients behind it are the suppressed count.</summary>
    public FigureTableBuilder Survival(string metric, string label)
    {
        // No patient admitted in the period can have been followed longer than from its first day to the
        // data-through date: a share at a later day would only repeat the last one.
        var longestFollowUp = run.DataThrough.DayNumber - run.Period.Start.DayNumber;
        foreach (var grouping in Groupings(metric).OrderBy(DayNumber))
        {
            var estimable = DayNumber(grouping) <= longestFollowUp;
            AddPatientsBlock(Of(metric).Where(f => f.Grouping == grouping).ToList(), label, grouping, f => estimable ? f.Estimate : null, ColumnKind.Percent,
                estimable ? null : "not yet estimable");
        }

        return this;
    }

    /// <summary>The columns of a Kaplan–Meier curve table (<see cref="Curve"/>): one row per day and level.</summary>
    public static readonly IReadOnlyList<TableColumn> CurveColumns =
    [
        new("Figure", ColumnKind.Text),
        new("Day", ColumnKind.Text),
        new("Level of care", ColumnKind.Text),
        new("At risk", ColumnKind.Count),
        new("Estimate", ColumnKind.Percent),
        new("95% CI lower", ColumnKind.Percent),
        new("95% CI upper", ColumnKind.Percent),
        new("Note", ColumnKind.Text),
    ];

    /// <summary>
    /// The points of a stored Kaplan–Meier curve (groupings "day N", the number at risk as numerator), one block
    /// of levels per day: the numbers at risk are suppressed like any count. Day 0's number at risk is the
    /// curve's admissions, linked to the other admission counts of the run (<see cref="LinkedCounts"/>); later
    /// days' numbers count a population no other block shows. An estimate is shown only while at least the policy's threshold are at
    /// risk (and nobody's leaving can be read from a step among a handful).
    /// </summary>
    public IReadOnlyList<TableRow> Curve(string metric, string label)
    {
        var rows = new List<TableRow>();
        var longestFollowUp = run.DataThrough.DayNumber - run.Period.Start.DayNumber;
        foreach (var grouping in Groupings(metric).OrderBy(DayNumber))
        {
            var day = DayNumber(grouping);
            var figures = Of(metric).Where(f => f.Grouping == grouping && f.LevelOfCare != Figure.All && f.LevelOfCare != Figure.IopMinusPhp).ToList();
            var levels = LevelNames.InOrder(figures.Select(f => f.LevelOfCare)).ToList();
            var cells = new long[levels.Count, 1];
            for (var i = 0; i < levels.Count; i++)
            {
                cells[i, 0] = (long)(figures.Single(f => f.LevelOfCare == levels[i]).Numerator ?? 0);
            }

            // No total of a day's numbers at risk is published, so nothing can be worked out by subtraction within
            // the table: a small count is hidden, and so is a count another block of the run hides (day 0's number
            // at risk is the level's admissions); what is hidden here is hidden there too.
            var unit = day == 0 ? LinkedCounts.UnitOf(metric) : $"{LinkedCounts.UnitOf(metric)} at risk on day {day}";
            for (var i = 0; i < levels.Count; i++)
            {
                var f = figures.Single(x => x.LevelOfCare == levels[i]);
                var atRisk = cells[i, 0];
                var state = _policy.IsSmall(atRisk) || (_suppress && f.Suppressed) ? CellState.Small
                    : _suppress && _linked.IsHidden(run.RunId, unit, levels[i], atRisk) ? CellState.Complementary : CellState.Shown;
                if (_suppress && state != CellState.Shown)
                {
                    _linked.Hide(run.RunId, unit, levels[i], atRisk);
                }

                // The analysis stores no share resting on fewer than the threshold at risk; an external output also
                // hides the shares of a small population.
                var shown = (!_suppress || !f.Suppressed) && atRisk >= _policy.Threshold;
                var missing = day > longestFollowUp ? "not yet estimable" : atRisk == 0 ? "no one at risk"
                    : _suppress ? "suppressed" : f.Note ?? $"fewer than {_policy.Threshold} at risk";
                rows.Add(new TableRow(
                [
                    TableCell.Of(label), TableCell.Of(grouping), TableCell.Of(LevelNames.Label(levels[i])),
                    TableCell.Count(atRisk, state, disclosure),
                    shown ? TableCell.Of(f.Estimate) : TableCell.Of(missing),
                    shown ? TableCell.Of(f.LowerBound) : TableCell.Empty,
                    shown ? TableCell.Of(f.UpperBound) : TableCell.Empty,
                    TableCell.Of(SmallNote(null, state != CellState.Shown, smallN: true)),
                ]));
            }
        }

        return rows;
    }

    /// <summary>Days (a median with its interval or interquartile range), per group.</summary>
    public FigureTableBuilder Days(string metric, string label)
    {
        foreach (var grouping in Groupings(metric))
        {
            AddPatientsBlock(Of(metric).Where(f => f.Grouping == grouping && f.LevelOfCare != Figure.IopMinusPhp).ToList(), label, grouping, f => f.Estimate, ColumnKind.Number);
        }

        return this;
    }

    /// <summary>
    /// A mean per level with its interval (points on an instrument's scale, a survey's score), with the IOP minus PHP
    /// difference in the same units: crude and, where the run stores <c>{metric}_adjusted</c> for the group, adjusted for
    /// case mix. A difference is shown only where both levels' means are.
    /// </summary>
    public FigureTableBuilder Means(string metric, string label)
    {
        foreach (var grouping in Groupings(metric))
        {
            var shown = AddPatientsBlock(Of(metric).Where(f => f.Grouping == grouping && f.LevelOfCare != Figure.IopMinusPhp).ToList(), label, grouping, f => f.Estimate, ColumnKind.Number);
            var comparable = shown.Contains(Analytics.Definitions.OutcomeDefinitions.Iop) && shown.Contains(Analytics.Definitions.OutcomeDefinitions.Php);
            AddDifference(Of(metric).SingleOrDefault(f => f.Grouping == grouping && f.LevelOfCare == Figure.IopMinusPhp), label, grouping, "crude", comparable, ColumnKind.Number);
            AddDifference(Of($"{metric}_adjusted").SingleOrDefault(f => f.Grouping == grouping && f.LevelOfCare == Figure.IopMinusPhp), label, grouping, "adjusted for case mix", comparable, ColumnKind.Number);
        }

        return this;
    }

    /// <summary>A ratio of amounts (minutes, rows): no patients counted, no interval.</summary>
    public FigureTableBuilder Ratio(string metric, string label)
    {
        foreach (var f in Of(metric).OrderBy(f => f.Grouping, StringComparer.Ordinal).ThenBy(f => LevelNames.Order(f.LevelOfCare)))
        {
            _rows.Add(new TableRow(
            [
                TableCell.Of(label), TableCell.Of(f.Grouping), TableCell.Of(LevelNames.Label(f.LevelOfCare)),
                TableCell.Empty, TableCell.Empty, TableCell.Of(f.Estimate), TableCell.Empty, TableCell.Empty, TableCell.Empty, TableCell.Empty, TableCell.Of(f.Note),
            ]));
        }

        return this;
    }

    /// <summary>The table; when a difference row shows a p-value, its note names the tests once (<see cref="PValueText.Note"/>).</summary>
    public ReportTable Build(string id, string title, string? note = null) =>
        new(id, title, Columns, [.. _rows], _rows.Any(r => r.Cells[PValueColumn].Text is not null) ? (note is null ? PValueText.Note : $"{note} {PValueText.Note}") : note);

    /// <summary>Rows already built, for a chart drawn from exactly what the table shows.</summary>
    public IReadOnlyList<TableRow> Rows => _rows;

    /// <summary>An adjusted difference is shown only where the crude one could be (both levels' rates shown).</summary>
    private bool CanCompare(string metric, string grouping) => _comparable.Contains((metric, grouping));

    private void AddDifference(Figure? f, string label, string grouping, string kind, bool comparable, ColumnKind units = ColumnKind.PercentDifference)
    {
        if (f is null)
        {
            return;
        }

        var shown = comparable && (!_suppress || !f.Suppressed) && f.Estimate is not null;
        var note = SmallNote(f.Note, shown && f.Suppressed, smallN: false);
        _rows.Add(new TableRow(
        [
            TableCell.Of(label), TableCell.Of(grouping), TableCell.Of($"{LevelNames.Label(Figure.IopMinusPhp)} ({kind})"),
            TableCell.Empty, TableCell.Empty,
            shown ? TableCell.Of(f.Estimate, units) : TableCell.Of(f.Estimate is null ? "not comparable" : "suppressed"),
            shown ? TableCell.Of(f.LowerBound, units) : TableCell.Empty,
            shown ? TableCell.Of(f.UpperBound, units) : TableCell.Empty,
            shown ? TableCell.Of(PValueText.Format(f.PValue)) : TableCell.Empty,
            TableCell.Empty, TableCell.Of(note),
        ]));
    }

    /// <summary>Adds a block of levels whose count is the patients (n) behind each estimate; returns the levels whose estimate it shows.</summary>
    private HashSet<string> AddPatientsBlock(IReadOnlyList<Figure> figures, string label, string grouping, Func<Figure, double?> estimate, ColumnKind kind, string? missing = null)
    {
        var shownLevels = new HashSet<string>(StringComparer.Ordinal);
        var levels = LevelNames.InOrder(figures.Select(f => f.LevelOfCare).Where(l => l != Figure.All && l != Figure.IopMinusPhp)).ToList();
        var cells = new long[levels.Count, 1];
        for (var i = 0; i < levels.Count; i++)
        {
            cells[i, 0] = figures.Single(f => f.LevelOfCare == levels[i]).N;
        }

        var states = Suppress(figures.Count > 0 ? figures[0].Metric : label, cells, levels, [0]);
        foreach (var (level, row) in levels.Select((l, i) => (l, i)).Append((Figure.All, levels.Count)))
        {
            if (figures.SingleOrDefault(f => f.LevelOfCare == level) is not { } f)
            {
                continue;
            }

            var state = states[row, 0] == CellState.Shown && f.Suppressed ? CellState.Small : states[row, 0];
            var shown = !_suppress || state == CellState.Shown;
            if (shown && estimate(f) is not null)
            {
                shownLevels.Add(level);
            }

            _rows.Add(new TableRow(
            [
                TableCell.Of(label), TableCell.Of(grouping), TableCell.Of(LevelNames.Label(level)),
                TableCell.Count(f.N, state, disclosure),
                TableCell.Empty,
                shown ? (estimate(f) is { } e ? TableCell.Of(e, kind) : TableCell.Of(missing ?? f.Note ?? "not reached")) : TableCell.Of("suppressed"),
                shown && missing is null ? TableCell.Of(f.LowerBound, kind) : TableCell.Empty,
                shown && missing is null ? TableCell.Of(f.UpperBound, kind) : TableCell.Empty,
                TableCell.Empty, TableCell.Empty, TableCell.Of(shown ? SmallNote(f.Note, state != CellState.Shown, smallN: true) : null),
            ]));
        }

        return shownLevels;
    }

    /// <summary>
    /// Suppresses a block (levels by columns, with totals) with <see cref="SuppressedTable"/>, hides as well any
    /// published count that another block of the run hid for the same level, and records what this block hides.
    /// </summary>
    private CellState[,] Suppress(string metric, long[,] cells, IReadOnlyList<string> levels, int[] publishedColumns)
    {
        if (!_suppress)
        {
            return Marked(cells);
        }

        var unit = LinkedCounts.UnitOf(metric);
        var table = SuppressedTable.Apply(cells, _policy);
        string Level(int row) => row == levels.Count ? Figure.All : levels[row];
        var linked = new List<(int, int)>();
        for (var row = 0; row <= levels.Count; row++)
        {
            linked.AddRange(publishedColumns.Where(c => _linked.IsHidden(run.RunId, unit, Level(row), table.Value(row, c))).Select(c => (row, c)));
        }

        var state = LinkedCounts.Extend(table, linked);
        for (var row = 0; row <= levels.Count; row++)
        {
            foreach (var c in publishedColumns.Where(c => state[row, c] != CellState.Shown))
            {
                _linked.Hide(run.RunId, unit, Level(row), table.Value(row, c));
            }
        }

        return state;
    }

    /// <summary>An internal block: nothing hidden; a small count (totals included) marked <see cref="CellState.Small"/>.</summary>
    private CellState[,] Marked(long[,] cells)
    {
        int rows = cells.GetLength(0), columns = cells.GetLength(1);
        var grid = new long[rows + 1, columns + 1];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                grid[r, c] = cells[r, c];
                grid[r, columns] += cells[r, c];
                grid[rows, c] += cells[r, c];
                grid[rows, columns] += cells[r, c];
            }
        }

        var state = new CellState[rows + 1, columns + 1];
        for (var r = 0; r <= rows; r++)
        {
            for (var c = 0; c <= columns; c++)
            {
                state[r, c] = _policy.IsSmall(grid[r, c]) ? CellState.Small : CellState.Shown;
            }
        }

        return state;
    }

    /// <summary>An internal row resting on a small count says so in its note; an external row never shows one.</summary>
    private string? SmallNote(string? note, bool small, bool smallN)
    {
        if (_suppress || !small)
        {
            return note;
        }

        var marker = disclosure.SmallNote(smallN);
        return string.IsNullOrEmpty(note) ? marker : $"{marker}; {note}";
    }

    private static int DayNumber(string grouping) =>
        int.TryParse(grouping.Replace("day ", "", StringComparison.Ordinal), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : 0;
}
