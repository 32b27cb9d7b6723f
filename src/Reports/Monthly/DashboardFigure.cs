namespace Outcomes.Reports.Monthly;

/// <summary>
/// A figure the Dashboard charts: its stored metric (grouping ""), its name for a heading, its words inside a sentence and
/// a short code for its panels' picture names (a spreadsheet allows 31 characters).
/// </summary>
internal sealed record DashboardFigure(string Metric, string Name, string Words, string Short);
