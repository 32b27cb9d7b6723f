using Outcomes.Analytics.Multiplicity;
using Xunit;

namespace Outcomes.Analytics.Tests.Multiplicity;

public sealed class BenjaminiHochbergTests
{
    // Benjamini and Hochberg (1995), section 4: the 15 p-values of a trial's endpoints (Neuhaus et al. 1992).
    // At q = 0.05 the step-up procedure rejects the four smallest (p(4) = 0.0095 ≤ 4·0.05/15 = 0.0133, while
    // p(5) = 0.0201 > 0.0167 and no later p(i) is under its i·q/m); Bonferroni would reject three.
    private static readonly double[] Neuhaus =
        [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000];

    [Fact]
    public void The_adjusted_p_values_match_r_p_adjust_on_the_papers_example()
    {
        // R 4.2.2: p.adjust(p, "BH").
        double[] expected =
        [
            0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0638571428571, 0.0638571428571, 0.0645, 0.0765, 0.486,
            0.5811818181818, 0.714875, 0.7532307692308, 0.8132142857143, 1,
        ];

        var adjusted = BenjaminiHochberg.Adjust(Neuhaus);

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], adjusted[i], 12);
        }
    }

    [Fact]
    public void The_four_smallest_are_rejected_at_five_percent_as_in_the_paper()
    {
        var rejected = BenjaminiHochberg.Reject(Neuhaus, 0.05);

        Assert.Equal(Enumerable.Range(0, 15).Select(i => i < 4), rejected);
    }

    [Fact]
    public void The_order_given_is_kept_and_ties_share_an_adjusted_value()
    {
        // R: p.adjust(c(0.04, 0.01, 0.03, 0.5, 0.04, 0.2, 0.001), "BH") = 0.056 0.035 0.056 0.5 0.056 0.2333 0.007.
        var adjusted = BenjaminiHochberg.Adjust([0.04, 0.01, 0.03, 0.5, 0.04, 0.2, 0.001]);

        Assert.Equal([0.056, 0.035, 0.056, 0.5, 0.056, 0.233333333333, 0.007], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void A_figure_without_a_p_value_is_left_out_of_the_family()
    {
        // m = 2, not 3: 0.01·2/1 = 0.02 and 0.04·2/2 = 0.04.
        var adjusted = BenjaminiHochberg.Adjust([0.04, double.NaN, 0.01]);

        Assert.Equal(0.04, adjusted[0], 12);
        Assert.True(double.IsNaN(adjusted[1]));
        Assert.Equal(0.02, adjusted[2], 12);
    }
}
