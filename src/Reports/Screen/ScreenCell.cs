namespace Outcomes.Reports.Screen;

/// <summary>
/// A cell as the workbook's sheet shows it: its text (a small count of an internal output marked †, a suppressed one
/// as "&lt;11"), whether it rests on a small count, and whether its rate misses the row's target (the sheet shades it).
/// </summary>
public sealed record ScreenCell(string Text, bool Small, bool MissesTarget);
