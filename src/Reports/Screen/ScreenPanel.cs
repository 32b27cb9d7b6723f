namespace Outcomes.Reports.Screen;

/// <summary>
/// One facility × level p-chart of the workbook's Dashboard: its picture's id (<see cref="MonthDashboard.PanelSvg"/>), its
/// name ("Facility B, PHP"), and its reading in words (the special causes with their months, "common-cause variation only",
/// or why there is no chart), which a page gives as the picture's text.
/// </summary>
public sealed record ScreenPanel(string Id, string Name, string Reading);
