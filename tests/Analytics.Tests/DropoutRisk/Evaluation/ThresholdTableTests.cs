using Outcomes.Analytics.DropoutRisk.Evaluation;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Evaluation;

public sealed class ThresholdTableTests
{
    // Eight test snapshots over two weeks, three followed by an unplanned discharge (the 0.9, 0.8 and 0.4 risks).
    private static readonly double[] Risks = [0.9, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05];
    private static readonly bool[] Outcomes = [true, true, false, true, false, false, false, false];
    private static readonly DateOnly First = new(2026, 3, 2);
    private static readonly DateOnly[] Days = [.. Enumerable.Range(0, 8).Select(i => First.AddDays(i * 13 / 7))];

    [Fact]
    public void A_threshold_row_has_the_counts_and_rates_computed_by_hand()
    {
        // At 50%: flagged 0.9, 0.8 (both left) and 0.6 (stayed); missed 0.4. TP 2, FP 1, FN 1, TN 4.
        // Sensitivity 2/3, specificity 4/5, precision 2/3, NPV 4/5; 3 flags over the 14 days from the first day to the last = 1.5 a week.
        var row = ThresholdTable.Of(Risks, Outcomes, Days, [0.5]).Single();

        Assert.Equal((2, 1, 1, 4), (row.TruePositives, row.FalsePositives, row.FalseNegatives, row.TrueNegatives));
        Assert.Equal(2 / 3.0, row.Sensitivity, 12);
        Assert.Equal(0.8, row.Specificity, 12);
        Assert.Equal(2 / 3.0, row.Precision, 12);
        Assert.Equal(0.8, row.NegativePredictiveValue, 12);
        Assert.Equal(14, Days[^1].DayNumber - Days[0].DayNumber + 1);
        Assert.Equal(1.5, row.FlagsPerWeek, 12);
    }

    [Fact]
    public void A_risk_equal_to_the_threshold_is_flagged_and_rows_keep_the_order_asked()
    {
        var rows = ThresholdTable.Of(Risks, Outcomes, Days, [0.3, 0.05]);

        Assert.Equal([0.3, 0.05], rows.Select(r => r.Threshold));
        Assert.Equal(5, rows[0].Flagged);
        Assert.Equal(8, rows[1].Flagged);
        Assert.Equal(double.NaN, rows[1].NegativePredictiveValue);
    }

    [Fact]
    public void Net_benefit_of_the_model_treat_all_and_the_rule_equals_the_hand_computation()
    {
        // n = 8, 3 events. The rule flags the 0.9, 0.4 and 0.3 snapshots: 2 events, 1 not.
        bool[] rule = [true, false, false, true, true, false, false, false];

        var rows = DecisionCurve.Of(Risks, rule, Outcomes, [0.2, 0.5]);

        // pt = 0.2, odds 0.25. Model flags risks >= 0.2: TP 3, FP 3 -> 3/8 - 3/8 * 0.25 = 0.28125.
        // Treat all: 3/8 - 5/8 * 0.25 = 0.21875. Rule: 2/8 - 1/8 * 0.25 = 0.21875.
        Assert.Equal(0.28125, rows[0].Model, 12);
        Assert.Equal(0.21875, rows[0].TreatAll, 12);
        Assert.Equal(0.21875, rows[0].Rule, 12);
        // pt = 0.5, odds 1. Model: TP 2, FP 1 -> 2/8 - 1/8 = 0.125. Treat all: 3/8 - 5/8 = -0.25. Rule: 2/8 - 1/8 = 0.125.
        Assert.Equal(0.125, rows[1].Model, 12);
        Assert.Equal(-0.25, rows[1].TreatAll, 12);
        Assert.Equal(0.125, rows[1].Rule, 12);
    }
}
