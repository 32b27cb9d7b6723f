namespace Outcomes.Analytics.Suppression;

/// <summary>
/// Suppression for a table of counts published with its row and column totals. Small cells (and small totals)
/// are suppressed first; then, while any row or column — totals included — has exactly one hidden entry
/// (which anyone could recover by subtraction), the smallest other non-zero entry of that line is hidden too
/// (complementary suppression, as in the US federal statistical practice, FCSM Statistical Policy Working
/// Paper 22).
/// </summary>
public sealed class SuppressedTable
{
    private readonly long[,] _grid;
    private readonly CellState[,] _state;

    private SuppressedTable(long[,] grid, CellState[,] state, int rows, int columns)
    {
        _grid = grid;
        _state = state;
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Row r's total is at column <see cref="Columns"/>, column c's total at row <see cref="Rows"/>.</summary>
    public long Value(int row, int column) => _grid[row, column];

    public CellState State(int row, int column) => _state[row, column];

    public string Display(int row, int column, SmallCellPolicy policy) => _state[row, column] switch
    {
        CellState.Small => policy.SmallCellText,
        CellState.Complementary => SmallCellPolicy.ComplementaryText,
        _ => _grid[row, column].ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static SuppressedTable Apply(long[,] cells, SmallCellPolicy policy)
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
                state[r, c] = policy.IsSmall(grid[r, c]) ? CellState.Small : CellState.Shown;
            }
        }

        HideComplements(grid, state, rows, columns);
        return new SuppressedTable(grid, state, rows, columns);
    }

    /// <summary>
    /// The states after hiding <paramref name="alsoHidden"/> as well (cells another table hides), with the
    /// complementary rule applied again.
    /// </summary>
    public CellState[,] Extend(IEnumerable<(int Row, int Column)> alsoHidden)
    {
        var state = (CellState[,])_state.Clone();
        foreach (var (row, column) in alsoHidden)
        {
            if (state[row, column] == CellState.Shown)
            {
                state[row, column] = CellState.Complementary;
            }
        }

        HideComplements(_grid, state, Rows, Columns);
        return state;
    }

    /// <summary>
    /// While any row or column (totals included) has exactly one hidden entry, hides the smallest other non-zero
    /// entry of that line, inner cells before totals.
    /// </summary>
    private static void HideComplements(long[,] grid, CellState[,] state, int rows, int columns)
    {
        var lines = new List<(int Row, int Column)[]>();
        for (var r = 0; r <= rows; r++)
        {
            lines.Add([.. Enumerable.Range(0, columns + 1).Select(c => (r, c))]);
        }

        for (var c = 0; c <= columns; c++)
        {
            lines.Add([.. Enumerable.Range(0, rows + 1).Select(r => (r, c))]);
        }

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var line in lines)
            {
                if (line.Count(p => state[p.Row, p.Column] != CellState.Shown) != 1)
                {
                    continue;
                }

                // Prefer an inner non-zero cell, then a non-zero total; hiding a zero hides nothing.
                var candidates = line.Where(p => state[p.Row, p.Column] == CellState.Shown && grid[p.Row, p.Column] > 0)
                    .OrderBy(p => p.Row == rows || p.Column == columns ? 1 : 0)
                    .ThenBy(p => grid[p.Row, p.Column])
                    .ToList();
                if (candidates.Count == 0)
                {
                    candidates = [.. line.Where(p => state[p.Row, p.Column] == CellState.Shown)];
                }

                if (candidates.Count > 0)
                {
                    var (row, column) = candidates[0];
                    state[row, column] = CellState.Complementary;
                    changed = true;
                }
            }
        }
    }
}
