namespace Outcomes.Reports.Tables;

/// <summary>How a column's numbers are shown: the workbook's number format and the text of the HTML tables.</summary>
internal enum ColumnKind
{
    Text,

    /// <summary>A count of patients, episodes or weeks: subject to small-cell suppression.</summary>
    Count,

    /// <summary>A share from 0 to 1, shown as a percent.</summary>
    Percent,

    /// <summary>A difference of two shares, shown in percentage points with a sign.</summary>
    PercentDifference,

    /// <summary>Days, or another plain number.</summary>
    Number,

    /// <summary>A test's result written as text ("p = 0.03", "p &lt; 0.001"): aligned right with the numbers beside it.</summary>
    Statistic,

    /// <summary>A stored code shown as it is on purpose (the Definitions sheet's metric codes, for analysts); every other text goes through the vocabulary.</summary>
    Code,
}
