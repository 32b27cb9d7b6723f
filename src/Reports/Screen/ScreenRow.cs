namespace Outcomes.Reports.Screen;

/// <summary>A row of a <see cref="ScreenTable"/>.</summary>
public sealed record ScreenRow(IReadOnlyList<ScreenCell> Cells);
