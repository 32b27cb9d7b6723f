namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// Decision-curve analysis (Vickers and Elkin 2006, Medical Decision Making 26:565; Vickers, van Calster and Steyerberg
/// 2016, BMJ 352:i6): the net benefit of acting on a flag at threshold probability pₜ is
/// TP/n − FP/n · pₜ/(1 − pₜ) — true positives less false positives weighted by the odds at which a team judges a missed
/// dropout and a needless call equal. A model is worth using at pₜ only where its net benefit beats both reaching out to
/// everyone and to no one (0), and here also the rule "two or more consecutive missed sessions".
/// </summary>
public static class DecisionCurve
{
    /// <summary>The thresholds the card shows.</summary>
    public static readonly IReadOnlyList<double> Thresholds = [0.05, 0.10, 0.15, 0.20, 0.30, 0.40];

    /// <summary>The net benefit of flagging the snapshots in <paramref name="flagged"/> at threshold probability <paramref name="threshold"/>.</summary>
    public static double NetBenefit(IReadOnlyList<bool> flagged, IReadOnlyList<bool> outcomes, double threshold)
    {
        int tp = 0, fp = 0;
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (flagged[i] && outcomes[i])
            {
                tp++;
            }
            else if (flagged[i])
            {
                fp++;
            }
        }

        return ((double)tp / outcomes.Count) - ((double)fp / outcomes.Count * threshold / (1 - threshold));
    }

    /// <param name="risks">The model's risk of each test snapshot: flagged at or above each threshold.</param>
    /// <param name="rule">Whether the missed-sessions rule flags each snapshot (the same at every threshold).</param>
    /// <param name="outcomes">Whether each was followed by an unplanned discharge within the horizon.</param>
    /// <param name="thresholds">Threshold probabilities, each below 1.</param>
    public static IReadOnlyList<NetBenefitRow> Of(IReadOnlyList<double> risks, IReadOnlyList<bool> rule, IReadOnlyList<bool> outcomes, IEnumerable<double> thresholds)
    {
        var everyone = new bool[outcomes.Count];
        Array.Fill(everyone, true);
        return [.. thresholds.Select(t => new NetBenefitRow(
            t, NetBenefit([.. risks.Select(r => r >= t)], outcomes, t), NetBenefit(everyone, outcomes, t), NetBenefit(rule, outcomes, t)))];
    }
}
