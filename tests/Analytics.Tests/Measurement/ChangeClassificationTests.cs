using Outcomes.Analytics.Measurement;
using Outcomes.Analytics.Proportions;
using Xunit;

namespace Outcomes.Analytics.Tests.Measurement;

public sealed class ChangeClassificationTests
{
    // The LDQ of ReliableChangeTests: s1 = 7.6, r_xx = 0.95, so a reliable change exceeds 4.7105 points. Functional range
    // "9 or below", within two standard deviations above the general population's mean (criterion b, Raistrick et al.
    // 1994, as Tober 2000 §9.1.2 applies it): a score of 10 or more is clinical, so the cut-off is 9.5.
    private static readonly ChangeCriteria Ldq = new(ScoreDirection.HigherIsWorse, 7.6, 0.95, 9.5);

    [Theory]
    [InlineData(21, 7, ChangeCategory.Recovered)]     // −14 points, RCI −5.83; clinical at intake, functional now
    [InlineData(21, 12, ChangeCategory.Improved)]     // −9 points, RCI −3.74; reliable but still clinical
    [InlineData(21, 16, ChangeCategory.Improved)]     // −5 points, RCI −2.08: just reliable
    [InlineData(21, 17, ChangeCategory.Unchanged)]    // −4 points, RCI −1.66: within measurement error
    [InlineData(12, 9, ChangeCategory.Unchanged)]     // crosses the cut-off, but −3 points is not reliable: not recovered
    [InlineData(8, 2, ChangeCategory.Improved)]       // −6 points, reliable, but functional already at intake
    [InlineData(12, 17, ChangeCategory.Deteriorated)] // +5 points, RCI +2.08
    [InlineData(21, 25, ChangeCategory.Unchanged)]    // +4 points, RCI +1.66
    public void Each_patient_is_classified_as_Jacobson_and_Truax_define_it(double intake, double latest, ChangeCategory expected)
    {
        Assert.Equal(expected, ChangeClassification.Classify(intake, latest, Ldq));
    }

    [Fact]
    public void On_a_higher_is_better_instrument_a_rise_is_improvement_and_a_fall_deterioration()
    {
        // The same error (S_diff 2.4033, threshold 4.7105) on a scale whose clinical range lies below the cut-off:
        // 20 or more is functional, so the cut-off is 19.5. 10 → 24: +14, reliable, crosses; 10 → 16: +6, reliable,
        // still clinical; 24 → 18: −6, reliable; 24 → 21: −3, not reliable.
        var criteria = new ChangeCriteria(ScoreDirection.HigherIsBetter, 7.6, 0.95, 19.5);

        Assert.Equal(ChangeCategory.Recovered, ChangeClassification.Classify(10, 24, criteria));
        Assert.Equal(ChangeCategory.Improved, ChangeClassification.Classify(10, 16, criteria));
        Assert.Equal(ChangeCategory.Deteriorated, ChangeClassification.Classify(24, 18, criteria));
        Assert.Equal(ChangeCategory.Unchanged, ChangeClassification.Classify(24, 21, criteria));
    }

    [Fact]
    public void The_shares_carry_Wilson_intervals_that_match_Newcombes_published_values()
    {
        // 15 of 148 recovered: Newcombe (1998), Stat Med 17:857, Table II, method 3: 0.0624 to 0.1605.
        var categories = Enumerable.Repeat(ChangeCategory.Recovered, 15)
            .Concat(Enumerable.Repeat(ChangeCategory.Improved, 20))
            .Concat(Enumerable.Repeat(ChangeCategory.Unchanged, 103))
            .Concat(Enumerable.Repeat(ChangeCategory.Deteriorated, 10));

        var shares = ChangeShares.Of(categories);

        Assert.Equal(148, shares.Patients);
        Assert.Equal(new Proportion(15, 148), shares.Recovered);
        Assert.Equal(0.0624, shares.Recovered.Wilson().Lower, 4);
        Assert.Equal(0.1605, shares.Recovered.Wilson().Upper, 4);
        Assert.Equal(new Proportion(35, 148), shares.ReliablyImproved);
        Assert.Equal(new Proportion(103, 148), shares.Unchanged);
        Assert.Equal(new Proportion(10, 148), shares.Deteriorated);
    }

    [Fact]
    public void Coverage_counts_the_episodes_with_an_intake_and_at_least_one_later_score()
    {
        var coverage = MeasurementCoverage.Of([0, 1, 2, 3, 5, 1]);

        Assert.Equal(new Proportion(3, 6), coverage);
    }
}
