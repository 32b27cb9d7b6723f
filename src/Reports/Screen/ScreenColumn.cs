namespace Outcomes.Reports.Screen;

/// <summary>A column of a <see cref="ScreenTable"/>: its header, and whether it holds numbers (set right, as on the sheet).</summary>
public sealed record ScreenColumn(string Header, bool Numeric);
