using Outcomes.Analytics.Clustering;
using Xunit;

namespace Outcomes.Analytics.Tests.Clustering;

public sealed class ClusterRobustDifferenceTests
{
    // Six patients' weeks, IOP and PHP (several patients have weeks in both):
    //   A IOP 1,0  PHP 1,1 | B IOP 0,0 | C IOP 1,1  PHP 1 | D IOP 0,0,0  PHP 0,1 | E IOP 1 | F PHP 0,0,1
    // IOP 4/10 = 0.4, PHP 5/8 = 0.625. R 4.2.2, sandwich 3.0-2:
    //   g <- lm(y ~ iop); vcovCL(g, cluster = ~id, type = "HC0", cadjust = TRUE): coefficient −0.225, SE 0.220796144667.
    // By hand: u_c = (y1_c − 0.4·n1_c)/10 − (y2_c − 0.625·n2_c)/8:
    //   A 0.02 − 0.09375 = −0.07375, B −0.08, C 0.12 − 0.046875 = 0.073125, D −0.12 + 0.03125 = −0.08875, E 0.06,
    //   F 0 + 0.109375; Σu² = 0.04062578125, ×6/5 = 0.0487509375, SE 0.2207961.
    private static readonly (ClusterTotal Iop, ClusterTotal Php)[] Patients =
    [
        (ClusterTotal.Binary(1, 2), ClusterTotal.Binary(2, 2)),
        (ClusterTotal.Binary(0, 2), default),
        (ClusterTotal.Binary(2, 2), ClusterTotal.Binary(1, 1)),
        (ClusterTotal.Binary(0, 3), ClusterTotal.Binary(1, 2)),
        (ClusterTotal.Binary(1, 1), default),
        (default, ClusterTotal.Binary(1, 3)),
    ];

    [Fact]
    public void The_difference_and_its_standard_error_match_r_sandwich()
    {
        var result = ClusterRobustDifference.For(Patients);

        Assert.Equal(-0.225, result.Estimate, 12);
        Assert.Equal(0.220796144667, result.StandardError, 10);
        Assert.Equal(0.0487509375, result.StandardError * result.StandardError, 12);
        Assert.Equal(6, result.Clusters);
    }

    [Fact]
    public void The_interval_uses_t_on_clusters_minus_one_degrees_of_freedom()
    {
        // t(0.975; 5 df) = 2.57058183564 (R qt).
        var result = ClusterRobustDifference.For(Patients);

        Assert.Equal(-0.225 - (2.57058183564 * 0.220796144667), result.Interval.Lower, 8);
        Assert.Equal(-0.225 + (2.57058183564 * 0.220796144667), result.Interval.Upper, 8);
    }

    [Fact]
    public void Groups_in_separate_clusters_give_the_sum_of_the_two_variances_up_to_the_cluster_factor()
    {
        // With no shared cluster, Σu² splits into the two groups' own sums: Var = G/(G − 1)·(CR0 first + CR0 second).
        (ClusterTotal, ClusterTotal)[] separate =
        [
            (ClusterTotal.Binary(3, 4), default), (ClusterTotal.Binary(0, 2), default), (ClusterTotal.Binary(3, 3), default),
            (default, ClusterTotal.Binary(1, 5)), (default, ClusterTotal.Binary(1, 1)), (default, ClusterTotal.Binary(2, 2)),
        ];
        var first = ClusterRobustMean.For([ClusterTotal.Binary(3, 4), ClusterTotal.Binary(0, 2), ClusterTotal.Binary(3, 3)]);
        var second = ClusterRobustMean.For([ClusterTotal.Binary(1, 5), ClusterTotal.Binary(1, 1), ClusterTotal.Binary(2, 2)]);
        var cr0 = (first.StandardError * first.StandardError * 2 / 3) + (second.StandardError * second.StandardError * 2 / 3);

        var result = ClusterRobustDifference.For(separate);

        Assert.Equal(first.Estimate - second.Estimate, result.Estimate, 12);
        Assert.Equal(6.0 / 5 * cr0, result.StandardError * result.StandardError, 12);
    }
}
