namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>How well risk scores separate patients who dropped out from those who did not.</summary>
public static class Discrimination
{
    /// <summary>
    /// The area under the ROC curve: the probability that a randomly chosen patient who dropped out scores
    /// higher than one who did not, ties counting half (the Mann–Whitney U statistic divided by n1·n0).
    /// </summary>
    public static double Auroc(IReadOnlyList<double> scores, IReadOnlyList<bool> outcomes)
    {
        var order = SortedOrder(scores, descending: false);
        double positives = outcomes.Count(o => o), negatives = outcomes.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        // Mid-ranks for ties, then the rank-sum of the positives.
        double rankSum = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            var midRank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                if (outcomes[order[k]])
                {
                    rankSum += midRank;
                }
            }

            start = end + 1;
        }

        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    /// <summary>
    /// The area under the precision–recall curve as average precision: the mean, over patients who dropped
    /// out, of the precision among all patients scored at least as high as them (ties share one threshold).
    /// A flag list that reaches the right patients early scores high; its floor is the dropout rate.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> outcomes)
    {
        var positives = outcomes.Count(o => o);
        if (positives == 0)
        {
            return double.NaN;
        }

        var order = SortedOrder(scores, descending: true);
        double sum = 0;
        var truePositives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            var newPositives = 0;
            for (var k = start; k <= end; k++)
            {
                newPositives += outcomes[order[k]] ? 1 : 0;
            }

            truePositives += newPositives;
            var precision = (double)truePositives / (end + 1);
            sum += newPositives * precision;
            start = end + 1;
        }

        return sum / positives;
    }

    /// <summary>
    /// Indices of <paramref name="scores"/> in score order. Array.Sort on a copy of the keys: several times faster than
    /// LINQ ordering through the list interface, which counts when a bootstrap sorts a large test set hundreds of
    /// times. The order within ties does not matter to either metric (ties are taken together).
    /// </summary>
    private static int[] SortedOrder(IReadOnlyList<double> scores, bool descending)
    {
        var keys = new double[scores.Count];
        var order = new int[scores.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = descending ? -scores[i] : scores[i];
            order[i] = i;
        }

        Array.Sort(keys, order);
        return order;
    }

    /// <summary>The Brier score: the mean squared difference between predicted risk and what happened (0 is perfect).</summary>
    public static double Brier(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes)
    {
        double sum = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var d = probabilities[i] - (outcomes[i] ? 1 : 0);
            sum += d * d;
        }

        return sum / probabilities.Count;
    }
}
