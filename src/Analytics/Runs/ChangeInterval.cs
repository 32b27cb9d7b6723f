namespace Outcomes.Analytics.Runs;

/// <summary>How the 95% interval of a change between two independent periods' figures is built.</summary>
public enum ChangeInterval
{
    /// <summary>No interval: a side has no estimate, or no interval to build one from.</summary>
    None,

    /// <summary>
    /// A difference of two independent proportions from their counts: Newcombe's hybrid score interval (Newcombe 1998,
    /// Statistics in Medicine 17:873-890, method 10), from the two Wilson intervals.
    /// </summary>
    Newcombe,

    /// <summary>
    /// A difference of two independent estimates that are not plain proportions (a Kaplan–Meier share, a rate per 1,000
    /// days): the same square-and-add construction on each estimate's own stored 95% interval (MOVER, Zou &amp; Donner
    /// 2008, Statistical Methods in Medical Research 17:543-554), which keeps each interval's asymmetry.
    /// </summary>
    Mover,
}
