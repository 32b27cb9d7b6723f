using Outcomes.Analytics.Adjustment;
using Xunit;

namespace Outcomes.Analytics.Tests.Adjustment;

public sealed class InverseProbabilityWeightingTests
{
    /// <summary>
    /// Severity (x = 1) sends most patients to PHP and halves completion, but the level of care itself makes
    /// no difference: completion is 60% without severity and 30% with it in both groups.
    ///   x = 0: IOP 48/80 completed, PHP 12/20;   x = 1: IOP 6/20, PHP 24/80.
    /// Crude: IOP 54/100 = 0.54, PHP 36/100 = 0.36, difference 0.18 — all confounding.
    /// Standardised to the whole population (half x = 0, half x = 1): both 0.5 × 0.6 + 0.5 × 0.3 = 0.45.
    /// </summary>
    private static List<CaseMixUnit> Confounded()
    {
        var units = new List<CaseMixUnit>();
        Add(units, iop: true, severe: false, completed: 48, total: 80);
        Add(units, iop: false, severe: false, completed: 12, total: 20);
        Add(units, iop: true, severe: true, completed: 6, total: 20);
        Add(units, iop: false, severe: true, completed: 24, total: 80);
        return units;
    }

    [Fact]
    public void Weighting_removes_a_difference_that_is_entirely_due_to_case_mix()
    {
        var result = InverseProbabilityWeighting.Compare(Confounded(), ["severe"]);

        Assert.Equal(0.18, result.CrudeDifference, 10);
        Assert.True(result.Comparable);
        Assert.Equal(0.45, result.AdjustedRateFirst, 6);
        Assert.Equal(0.45, result.AdjustedRateSecond, 6);
        Assert.Equal(0.0, result.AdjustedDifference!.Value, 6);
        Assert.True(result.AdjustedInterval!.Value.Contains(0));
    }

    [Fact]
    public void Balance_and_effective_sample_sizes_match_a_hand_computation()
    {
        // SMD before: means 0.2 (IOP) and 0.8 (PHP), variances 0.16 each: (0.2 - 0.8) / sqrt(0.16) = -1.5.
        // Stabilised weights for IOP: 0.5/0.8 = 0.625 (80 patients) and 0.5/0.2 = 2.5 (20 patients):
        // sum 100, sum of squares 156.25, Kish effective size 100^2 / 156.25 = 64.
        var result = InverseProbabilityWeighting.Compare(Confounded(), ["severe"]);

        var balance = Assert.Single(result.Balance);
        Assert.Equal(-1.5, balance.Before, 6);
        Assert.Equal(0.0, balance.After, 6);
        Assert.Equal(64, result.EffectiveSizeFirst, 4);
        Assert.Equal(64, result.EffectiveSizeSecond, 4);
    }

    [Fact]
    public void Episodes_counted_by_pattern_give_the_hand_computed_results_of_the_confounded_example()
    {
        // The confounded example above as eight patterns with counts (group, severity, outcome): the period analysis
        // reads its episodes this way. Same hand values: crude 0.18, both adjusted rates 0.45, balance after 0,
        // Kish effective sizes 64.
        List<CaseMixUnit> units =
        [
            new(true, true, [0], 48), new(true, false, [0], 32), new(false, true, [0], 12), new(false, false, [0], 8),
            new(true, true, [1], 6), new(true, false, [1], 14), new(false, true, [1], 24), new(false, false, [1], 56),
        ];

        var result = InverseProbabilityWeighting.Compare(units, ["severe"]);

        Assert.Equal(0.18, result.CrudeDifference, 10);
        Assert.True(result.Comparable);
        Assert.Equal(0.45, result.AdjustedRateFirst, 6);
        Assert.Equal(0.45, result.AdjustedRateSecond, 6);
        Assert.Equal(0.0, result.AdjustedDifference!.Value, 6);
        var balance = Assert.Single(result.Balance);
        Assert.Equal(-1.5, balance.Before, 6);
        Assert.Equal(0.0, balance.After, 6);
        Assert.Equal(64, result.EffectiveSizeFirst, 4);
        Assert.Equal(64, result.EffectiveSizeSecond, 4);
    }

    [Fact]
    public void The_adjusted_interval_is_the_robust_sandwich_interval_of_a_hand_computation()
    {
        // Hájek rate 0.45 in each group. IOP: 80 patients of weight 0.625 (48 completed), 20 of weight 2.5 (6 completed):
        //   Σ w²(y − 0.45)² = 0.390625 × (48 × 0.55² + 32 × 0.45²) + 6.25 × (6 × 0.55² + 14 × 0.45²) = 8.203125 + 29.0625,
        //   variance 37.265625 / 100² = 0.0037265625.
        // PHP: 20 of weight 2.5 (12 completed), 80 of weight 0.625 (24 completed):
        //   6.25 × (12 × 0.55² + 8 × 0.45²) + 0.390625 × (24 × 0.55² + 56 × 0.45²) = 32.8125 + 7.265625, variance 0.0040078125.
        // Standard error of the difference √0.007734375 = 0.0879453; 95% half-width 1.959964 × 0.0879453 = 0.172370.
        var result = InverseProbabilityWeighting.Compare(Confounded(), ["severe"]);

        Assert.Equal(-0.172370, result.AdjustedInterval!.Value.Lower, 5);
        Assert.Equal(0.172370, result.AdjustedInterval!.Value.Upper, 5);
        Assert.Equal(0, result.TruncatedShare);
        Assert.Equal(2.5, result.LargestWeight, 10);
        Assert.Equal(Math.Sqrt(0.007734375), result.AdjustedStandardError!.Value, 10);
        Assert.Equal(1, result.AdjustedPValue!.Value, 10);
    }

    [Fact]
    public void The_adjusted_difference_carries_the_two_sided_wald_p_value_of_its_sandwich_standard_error()
    {
        // d = 0.1, SE 0.05: z = 2, p = 2(1 − Φ(2)) = erfc(√2) = 0.0455002639 (R: 2 * pnorm(-2)).
        var comparison = new AdjustedComparison(0.1, default, 0.1, new Interval(0.002, 0.198), 0.5, 0.4, 100, 100, [], true, null, 0, 1, 0.05);

        Assert.Equal(0.0455002639, comparison.AdjustedPValue!.Value, 9);
        Assert.Null((comparison with { AdjustedStandardError = null }).AdjustedPValue);
    }

    [Fact]
    public void Extreme_weights_are_truncated_at_the_1st_and_99th_percentiles_and_the_share_is_reported()
    {
        // 1,000 patients, 504 in IOP. The ten with x = 1 are nearly all IOP (propensity 0.9): the one PHP patient among them
        // gets the weight 0.496 / 0.1 = 4.96 and the nine IOP ones 0.504 / 0.9 = 0.56; with x = 0 (propensity 0.5) the
        // weights are 1.008 (IOP) and 0.992 (PHP). Sorted, rank 10 (1st percentile) holds 0.992 and rank 990 (99th) 1.008:
        // the nine small weights rise to 0.992 and the large one falls to 1.008, ten patients of 1,000.
        var units = new List<CaseMixUnit>();
        Add(units, iop: true, severe: false, completed: 300, total: 495);
        Add(units, iop: false, severe: false, completed: 300, total: 495);
        Add(units, iop: true, severe: true, completed: 4, total: 9);
        Add(units, iop: false, severe: true, completed: 1, total: 1);

        var result = InverseProbabilityWeighting.Compare(units, ["severe"]);

        Assert.Equal(0.01, result.TruncatedShare, 10);
        Assert.Equal(1.008, result.LargestWeight, 6);
    }

    [Fact]
    public void Two_outcomes_of_the_same_episodes_share_one_weighting()
    {
        // Completion as in the confounded example, and a second outcome that is the complement of completion: its
        // crude difference is -0.18 and its adjusted rates 0.55 in both groups (1 - 0.45).
        var units = Confounded();
        var results = InverseProbabilityWeighting.CompareEach(
            units, [[.. units.Select(u => u.Outcome)], [.. units.Select(u => !u.Outcome)]], ["severe"]);

        Assert.Equal(0.18, results[0].CrudeDifference, 10);
        Assert.Equal(0.45, results[0].AdjustedRateFirst, 6);
        Assert.Equal(-0.18, results[1].CrudeDifference, 10);
        Assert.Equal(0.55, results[1].AdjustedRateFirst, 6);
        Assert.Equal(0.55, results[1].AdjustedRateSecond, 6);
        Assert.Equal(64, results[1].EffectiveSizeFirst, 4);
    }

    [Fact]
    public void Groups_without_overlap_are_called_not_comparable_instead_of_given_a_number()
    {
        var units = new List<CaseMixUnit>();
        Add(units, iop: true, severe: false, completed: 30, total: 60);
        Add(units, iop: false, severe: true, completed: 20, total: 60);

        var result = InverseProbabilityWeighting.Compare(units, ["severe"]);

        Assert.False(result.Comparable);
        Assert.Null(result.AdjustedDifference);
        Assert.Contains("almost no comparable patients", result.NotComparableReason, StringComparison.Ordinal);
        Assert.Equal(0.5 - (20.0 / 60), result.CrudeDifference, 10);
    }

    [Fact]
    public void Weighting_recovers_a_planted_effect_that_the_crude_difference_overstates()
    {
        // A generated cohort: severity (half the patients) makes IOP unlikely (propensity 0.73 vs 0.27) and
        // lowers completion by 30 points; IOP itself raises completion by 10 points for everyone. The true
        // IOP minus PHP difference is therefore 0.10; the crude one is about 0.10 + 0.30 x 0.46 = 0.24.
        var random = new Random(42);
        var units = new List<CaseMixUnit>();
        for (var i = 0; i < 20_000; i++)
        {
            var severe = random.NextDouble() < 0.5;
            var age = 20 + (random.NextDouble() * 40);
            var iop = random.NextDouble() < (severe ? 0.27 : 0.73);
            var completed = random.NextDouble() < 0.6 - (severe ? 0.3 : 0) + (iop ? 0.1 : 0);
            units.Add(new CaseMixUnit(iop, completed, [severe ? 1 : 0, age / 10]));
        }

        var result = InverseProbabilityWeighting.Compare(units, ["severe", "age"]);

        Assert.True(result.Comparable);
        Assert.False(result.CrudeInterval.Contains(0.10));
        Assert.InRange(result.CrudeDifference, 0.20, 0.28);
        Assert.True(result.AdjustedInterval!.Value.Contains(0.10), $"adjusted {result.AdjustedDifference:F3} {result.AdjustedInterval}");
        Assert.InRange(result.AdjustedDifference!.Value, 0.07, 0.13);
        Assert.All(result.Balance, b => Assert.InRange(Math.Abs(b.After), 0, 0.1));
    }

    private static void Add(List<CaseMixUnit> units, bool iop, bool severe, int completed, int total)
    {
        for (var i = 0; i < total; i++)
        {
            units.Add(new CaseMixUnit(iop, i < completed, [severe ? 1 : 0]));
        }
    }
}
