namespace Outcomes.Analytics.TimeSeries;

/// <summary>
/// The special-cause rules a control chart is read by (Western Electric 1956, Statistical Quality Control Handbook;
/// Nelson 1984, Journal of Quality Technology 16:237-239), in place of a month-on-month "direction".
/// </summary>
[Flags]
public enum SpcSignal
{
    None = 0,

    /// <summary>The point lies outside its 3-sigma limits (Western Electric rule 1).</summary>
    OutsideLimits = 1,

    /// <summary>The point is one of 8 or more in a row on the same side of the centre line (Western Electric rule 4).</summary>
    Shift = 2,

    /// <summary>The point is one of 6 or more in a row, each higher (or each lower) than the one before (Nelson rule 3).</summary>
    Trend = 4,
}
