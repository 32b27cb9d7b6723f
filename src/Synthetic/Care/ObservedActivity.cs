namespace Outcomes.Synthetic.Care;

/// <summary>
/// What the drop shows of one episode's attendance and later drug screens, in date order, kept while the episode is
/// written so that <see cref="Truth.LandmarkOracle"/> can condition on exactly what a landmark could see. Only the
/// statuses and results are kept: minutes, lateness and substances do not depend on the planted decline.
/// </summary>
internal sealed class ObservedActivity
{
    public List<(DateOnly Date, string Status)> Sessions { get; } = [];

    /// <summary>Screens after the intake screen (the intake screen's result is a covariate, known at admission).</summary>
    public List<(DateOnly Date, string Result)> LaterScreens { get; } = [];

    public void Clear()
    {
        Sessions.Clear();
        LaterScreens.Clear();
    }
}
