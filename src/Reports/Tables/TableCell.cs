using System.Globalization;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;

namespace Outcomes.Reports.Tables;

/// <summary>
/// One cell of an exported table: a number, a text, or a suppressed count shown as "&lt;11" (or "*" when hidden
/// only so that a small count cannot be worked out from a total). A suppressed cell never holds its number. In an
/// internal output a small count is shown as it is, <see cref="Small"/> (marked <see cref="DisclosurePolicy.SmallMarker"/>).
/// </summary>
internal sealed record TableCell(double? Number, string? Text, CellState State = CellState.Shown, ColumnKind? Kind = null)
{
    public static readonly TableCell Empty = new(null, null);

    public static TableCell Of(string? text) => new(null, text);

    public static TableCell Of(double? number, ColumnKind? kind = null) => number is { } n && double.IsFinite(n) ? new(n, null, CellState.Shown, kind) : Empty;

    public static TableCell Hidden(CellState state, SmallCellPolicy policy) =>
        new(null, state == CellState.Small ? policy.SmallCellText : SmallCellPolicy.ComplementaryText, state);

    /// <summary>
    /// A count in the state its table gave it: shown; shown exactly and marked small when the policy does not
    /// suppress (internal); else hidden as "&lt;11" or "*".
    /// </summary>
    public static TableCell Count(double? count, CellState state, DisclosurePolicy disclosure) => state switch
    {
        CellState.Shown => Of(count),
        _ when !disclosure.Suppresses => Of(count) is { Number: not null } shown ? shown with { Small = true } : Empty,
        _ => Hidden(state, disclosure.Cells),
    };

    /// <summary>A small count shown exactly in an internal output.</summary>
    public bool Small { get; init; }

    public bool IsSuppressed => State != CellState.Shown;

    /// <summary>The cell as a reader sees it, for HTML and the text snapshots.</summary>
    public string Display(ColumnKind column) => Number is not { } n
        ? Text ?? ""
        : (Kind ?? column) switch
        {
            ColumnKind.Count => n.ToString("N0", CultureInfo.InvariantCulture),
            ColumnKind.Percent => n.ToString("0.0%", CultureInfo.InvariantCulture),
            ColumnKind.PercentDifference => (n * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pts",
            _ => n.ToString("0.###", CultureInfo.InvariantCulture),
        } + (Small ? " " + DisclosurePolicy.SmallMarker : "");
}
