namespace Outcomes.Analytics.Suppression;

/// <summary>
/// Which counts may leave the database. Following the CMS cell size suppression policy (no cell of 1 to 10
/// beneficiaries in a released table), counts from 1 up to <see cref="DefaultThreshold"/> − 1 are shown as
/// "&lt;11"; zero may be shown. The threshold is configurable for stricter local rules.
/// </summary>
public sealed record SmallCellPolicy(int Threshold = SmallCellPolicy.DefaultThreshold)
{
    public const int DefaultThreshold = 11;

    public bool IsSmall(long count) => count > 0 && count < Threshold;

    /// <summary>The text shown for a suppressed small cell, e.g. "&lt;11".</summary>
    public string SmallCellText => $"<{Threshold}";

    /// <summary>The text shown for a cell hidden only so that a small cell cannot be worked out from totals.</summary>
    public const string ComplementaryText = "*";
}
