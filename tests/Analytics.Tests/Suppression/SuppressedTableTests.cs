using Outcomes.Analytics.Suppression;
using Xunit;

namespace Outcomes.Analytics.Tests.Suppression;

public sealed class SuppressedTableTests
{
    private static readonly SmallCellPolicy Policy = new();

    [Fact]
    public void A_small_cell_and_its_complement_are_hidden_so_the_row_total_cannot_reveal_it()
    {
        // Rows: facilities; columns: completed, dropped out, transferred.
        long[,] counts = { { 40, 7, 25 }, { 52, 31, 18 } };

        var table = SuppressedTable.Apply(counts, Policy);

        Assert.Equal(CellState.Small, table.State(0, 1));
        Assert.Equal("<11", table.Display(0, 1, Policy));
        // The row total 72 is shown, so one more cell of row 0 must go: the smallest, 25.
        Assert.Equal(CellState.Complementary, table.State(0, 2));
        Assert.Equal("*", table.Display(0, 2, Policy));
        // Column 1 then has one hidden cell under a shown total: its other cell, 31, goes too; and so on.
        Assert.Equal(CellState.Complementary, table.State(1, 1));
        AssertNoLineHasASingleHiddenEntry(table);
    }

    [Fact]
    public void A_table_without_small_cells_is_shown_whole_with_its_totals()
    {
        long[,] counts = { { 40, 17 }, { 52, 31 } };

        var table = SuppressedTable.Apply(counts, Policy);

        for (var r = 0; r <= 2; r++)
        {
            for (var c = 0; c <= 2; c++)
            {
                Assert.Equal(CellState.Shown, table.State(r, c));
            }
        }

        Assert.Equal(140, table.Value(2, 2));
        Assert.Equal("57", table.Display(0, 2, Policy));
    }

    [Fact]
    public void No_random_table_ever_leaves_a_small_cell_recoverable_from_a_row_or_column_total()
    {
        var random = new Random(20261125);
        for (var trial = 0; trial < 2000; trial++)
        {
            var rows = random.Next(1, 6);
            var columns = random.Next(1, 6);
            var counts = new long[rows, columns];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    counts[r, c] = random.Next(4) switch { 0 => 0, 1 => random.Next(1, 11), _ => random.Next(11, 200) };
                }
            }

            var table = SuppressedTable.Apply(counts, Policy);

            for (var r = 0; r <= rows; r++)
            {
                for (var c = 0; c <= columns; c++)
                {
                    if (Policy.IsSmall(table.Value(r, c)))
                    {
                        Assert.NotEqual(CellState.Shown, table.State(r, c));
                    }
                }
            }

            AssertNoLineHasASingleHiddenEntry(table);
        }
    }

    private static void AssertNoLineHasASingleHiddenEntry(SuppressedTable table)
    {
        for (var r = 0; r <= table.Rows; r++)
        {
            var hidden = Enumerable.Range(0, table.Columns + 1).Count(c => table.State(r, c) != CellState.Shown);
            Assert.NotEqual(1, hidden);
        }

        for (var c = 0; c <= table.Columns; c++)
        {
            var hidden = Enumerable.Range(0, table.Rows + 1).Count(r => table.State(r, c) != CellState.Shown);
            Assert.NotEqual(1, hidden);
        }
    }
}
