namespace Outcomes.Reports.Tables;

/// <summary>
/// A row of cells; <see cref="Target"/> is the program's target for the row's rate (outcome_target, in force for the
/// row's facility, level and period), when one is set: a rate that misses it is shaded.
/// </summary>
internal sealed record TableRow(IReadOnlyList<TableCell> Cells, Analytics.Targets.OutcomeTarget? Target = null);
