using Outcomes.Analytics.Survival;

namespace Outcomes.Analytics.Tests.Survival;

/// <summary>
/// Remission times in weeks of the Freireich et al. (1963) 6-mercaptopurine trial in acute leukaemia, the
/// data set of Kleinbaum and Klein, Survival Analysis: A Self-Learning Text, chapters 1-2 (+ = censored).
/// </summary>
internal static class FreireichLeukaemia
{
    public static readonly SurvivalObservation[] Mercaptopurine =
    [
        Event(6), Event(6), Event(6), Censored(6), Event(7), Censored(9), Event(10), Censored(10), Censored(11), Event(13),
        Event(16), Censored(17), Censored(19), Censored(20), Event(22), Event(23), Censored(25), Censored(32), Censored(32),
        Censored(34), Censored(35),
    ];

    public static readonly SurvivalObservation[] Placebo =
    [
        .. new[] { 1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23 }.Select(t => Event(t)),
    ];

    private static SurvivalObservation Event(double weeks) => new(weeks, true);

    private static SurvivalObservation Censored(double weeks) => new(weeks, false);
}
