namespace Outcomes.Reports.Screen;

/// <summary>The Dashboard's panels of one figure, a panel per facility and level, under the figure's name and target.</summary>
public sealed record ScreenPanelRow(string Heading, IReadOnlyList<ScreenPanel> Panels);
