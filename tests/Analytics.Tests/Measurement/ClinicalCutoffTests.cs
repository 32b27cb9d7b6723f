using Outcomes.Analytics.Measurement;
using Outcomes.Ingest.Contract.Instruments;
using Xunit;
using ScoreDirection = Outcomes.Analytics.Measurement.ScoreDirection;

namespace Outcomes.Analytics.Tests.Measurement;

public sealed class ClinicalCutoffTests
{
    /// <summary>
    /// Criterion c against a published worked example with unequal standard deviations: the R package clinicalsignificance
    /// (Claus B), version 2.1.0, vignette "Statistical Approach" (articles/statistical-approach.html), whose
    /// <c>cs_statistical(..., m_functional = 7, sd_functional = 7, cutoff_type = "c")</c> prints for the
    /// <c>antidepressants</c> data (Mind over Mood Depression Inventory) M clinical 34.73, SD clinical 8.26, M functional 7,
    /// SD functional 7 and the cut-off 19.72, and for the <c>claus_2020</c> BDI-II 35.48, 8.16, 7, 7 and 20.15. Rounded to
    /// the printed two decimals the computed c must equal the printed one; the midpoints of the means (20.865, 21.24), which
    /// equal standard deviations would give, do not.
    /// </summary>
    [Theory]
    [InlineData(34.73, 8.26, 7, 7, 19.72)]
    [InlineData(35.48, 8.16, 7, 7, 20.15)]
    public void Criterion_c_reproduces_the_clinicalsignificance_vignette_to_its_printed_two_decimals(
        double clinicalMean, double clinicalSd, double functionalMean, double functionalSd, double printed)
    {
        var c = ClinicalCutoff.CriterionC(new PopulationNorms(clinicalMean, clinicalSd, functionalMean, functionalSd), ScoreDirection.HigherIsWorse);

        Assert.Equal(printed, Math.Round(c, 2, MidpointRounding.AwayFromZero));
    }

    // No published example gives criteria a and b with both populations' norms, so they are checked on stated inputs
    // computed by hand. The inputs are illustrative, not published norms: functional population M0 = 5, s0 = 4; clinical
    // population M1 = 17, s1 = 6; higher is worse.
    //   (a) M1 − 2·s1 = 17 − 12 = 5
    //   (b) M0 + 2·s0 = 5 + 8  = 13
    //   (c) (s0·M1 + s1·M0) / (s0 + s1) = (4·17 + 6·5) / (4 + 6) = (68 + 30) / 10 = 9.8
    [Fact]
    public void The_three_criteria_match_the_hand_computation()
    {
        var norms = new PopulationNorms(ClinicalMean: 17, ClinicalStandardDeviation: 6, FunctionalMean: 5, FunctionalStandardDeviation: 4);

        Assert.Equal(5, ClinicalCutoff.CriterionA(norms, ScoreDirection.HigherIsWorse), 10);
        Assert.Equal(13, ClinicalCutoff.CriterionB(norms, ScoreDirection.HigherIsWorse), 10);
        Assert.Equal(9.8, ClinicalCutoff.CriterionC(norms, ScoreDirection.HigherIsWorse), 10);
    }

    [Fact]
    public void Criterion_c_is_weighted_towards_the_mean_of_the_narrower_distribution()
    {
        // Equal spreads put c halfway (11); the functional population twice as narrow moves c towards M0, where the two
        // densities meet in standard-deviation units: (2·17 + 4·5) / 6 = 54 / 6 = 9.
        Assert.Equal(11, ClinicalCutoff.CriterionC(new PopulationNorms(17, 4, 5, 4), ScoreDirection.HigherIsWorse), 10);
        Assert.Equal(9, ClinicalCutoff.CriterionC(new PopulationNorms(17, 4, 5, 2), ScoreDirection.HigherIsWorse), 10);
    }

    [Fact]
    public void On_a_higher_is_better_scale_criteria_a_and_b_step_the_other_way()
    {
        // A well-being score: clinical M1 = 40, s1 = 8; functional M0 = 70, s0 = 10.
        // (a) 40 + 16 = 56; (b) 70 − 20 = 50; (c) (10·40 + 8·70) / 18 = 960 / 18 = 53.333…
        var norms = new PopulationNorms(ClinicalMean: 40, ClinicalStandardDeviation: 8, FunctionalMean: 70, FunctionalStandardDeviation: 10);

        Assert.Equal(56, ClinicalCutoff.CriterionA(norms, ScoreDirection.HigherIsBetter), 10);
        Assert.Equal(50, ClinicalCutoff.CriterionB(norms, ScoreDirection.HigherIsBetter), 10);
        Assert.Equal(960.0 / 18, ClinicalCutoff.CriterionC(norms, ScoreDirection.HigherIsBetter), 10);
    }

    [Fact]
    public void Norms_whose_clinical_mean_lies_on_the_healthy_side_are_refused_in_either_direction()
    {
        var worse = Assert.Throws<ArgumentException>(() => ClinicalCutoff.CriterionC(new PopulationNorms(5, 4, 17, 6), ScoreDirection.HigherIsWorse));
        var better = Assert.Throws<ArgumentException>(() => ClinicalCutoff.CriterionA(new PopulationNorms(70, 10, 40, 8), ScoreDirection.HigherIsBetter));
        var equal = Assert.Throws<ArgumentException>(() => ClinicalCutoff.CriterionB(new PopulationNorms(10, 4, 10, 4), ScoreDirection.HigherIsWorse));

        Assert.StartsWith("the clinical mean (5) must lie above the functional mean (17) on an instrument where higher is worse.", worse.Message, StringComparison.Ordinal);
        Assert.StartsWith("the clinical mean (70) must lie below the functional mean (40) on an instrument where higher is better.", better.Message, StringComparison.Ordinal);
        Assert.StartsWith("the clinical mean (10) must lie above the functional mean (10)", equal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(6, -1)]
    [InlineData(double.NaN, 4)]
    public void A_standard_deviation_that_is_not_positive_is_refused(double clinicalSd, double functionalSd)
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => ClinicalCutoff.CriterionC(new PopulationNorms(17, clinicalSd, 5, functionalSd), ScoreDirection.HigherIsWorse));

        Assert.StartsWith("the standard deviations of the clinical and the functional sample must be positive.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Criterion_c_is_shown_with_two_decimals_and_its_name()
    {
        Assert.Equal("19.72 (Jacobson–Truax c from published norms)",
            ClinicalCutoff.DescribeCriterionC(ClinicalCutoff.CriterionC(new PopulationNorms(34.73, 8.26, 7, 7), ScoreDirection.HigherIsWorse)));
    }
}
