namespace Outcomes.Analytics.Suppression;

public enum CellState
{
    Shown,

    /// <summary>A small count (1 to threshold − 1): shown as "&lt;11".</summary>
    Small,

    /// <summary>Hidden so that a small count cannot be recovered by subtraction from a total.</summary>
    Complementary,
}
