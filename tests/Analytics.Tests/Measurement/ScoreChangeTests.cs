using Outcomes.Analytics.Adjustment;
using Outcomes.Analytics.Measurement;
using Xunit;

namespace Outcomes.Analytics.Tests.Measurement;

public sealed class ScoreChangeTests
{
    [Fact]
    public void The_mean_change_is_last_minus_intake_with_its_t_interval()
    {
        // Changes −2, −4, −6 (last − intake): mean −4, s = 2, t(2, 0.975) = 4.3026527 (t table), half-width 4.3026527 · 2 / √3 = 4.9682754.
        var change = ScoreChange.MeanChange([(20, 18), (20, 16), (16, 10)]);

        Assert.Equal(-4, change.Mean, 10);
        Assert.Equal(2, change.StandardDeviation, 10);
        Assert.Equal(-4 - 4.9682754, change.Interval.Lower, 6);
        Assert.Equal(-4 + 4.9682754, change.Interval.Upper, 6);
    }

    /// <summary>
    /// Change depends on the intake score alone (regression to the mean: change = −0.5 · (intake − 10)), not on the level
    /// of care, but PHP admits the patients who start high:
    ///   IOP: 80 start at 10 (change 0), 20 start at 20 (change −5): mean change −1
    ///   PHP: 20 start at 10 (change 0), 80 start at 20 (change −5): mean change −4
    /// Crude IOP − PHP: −1 − (−4) = +3, IOP looks worse. With the intake score in the case mix the weights are those of
    /// InverseProbabilityWeightingTests' confounded example (0.625 and 2.5): both weighted means are
    /// (0.625·80·0 + 2.5·20·(−5)) / 100 = −2.5, the adjusted difference 0.
    /// </summary>
    [Fact]
    public void Adjusting_for_the_intake_score_removes_a_difference_that_comes_from_where_patients_start()
    {
        var units = new List<CaseMixUnit>();
        var intake = new List<double>();
        var last = new List<double>();
        Add(iop: true, start: 10, end: 10, count: 80);
        Add(iop: true, start: 20, end: 15, count: 20);
        Add(iop: false, start: 10, end: 10, count: 20);
        Add(iop: false, start: 20, end: 15, count: 80);

        var result = ScoreChange.AdjustedDifference(units, intake, last, []);

        Assert.Equal(3, result.CrudeDifference, 10);
        Assert.True(result.Comparable);
        Assert.Equal(-2.5, result.AdjustedRateFirst, 6);
        Assert.Equal(-2.5, result.AdjustedRateSecond, 6);
        Assert.Equal(0, result.AdjustedDifference!.Value, 6);
        Assert.Equal(ScoreChange.IntakeScoreCovariate, Assert.Single(result.Balance).Covariate);

        void Add(bool iop, double start, double end, int count)
        {
            for (var i = 0; i < count; i++)
            {
                units.Add(new CaseMixUnit(iop, false, []));
                intake.Add(start);
                last.Add(end);
            }
        }
    }
}
