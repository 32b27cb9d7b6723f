using Outcomes.Analytics.Clustering;
using Xunit;

namespace Outcomes.Analytics.Tests.Clustering;

public sealed class ClusterRobustMeanTests
{
    // Five patients' weeks (1 = week at the ASAM minimum): A 1,1,1,0; B 0,0; C 1,1,1; D 0,1,0,0,0; E 1.
    // By hand: N = 15, ȳ = 8/15. Cluster residual sums y_c − ȳ·n_c: 13/15, −16/15, 21/15, −25/15, 7/15;
    // Σ squares = 1540/225. Var = (5/4)·(1540/225)/15² = 1925/50625 = 0.0380247 (R sandwich 3.0-2:
    // vcovCL(lm(y ~ 1), cluster = ~id, type = "HC1") = 0.038024691358; type HC0 without cadjust 0.0304197530864).
    // As if independent: s² = 15·(8/15)(7/15)/14 = 4/15, s²/N = 4/225, so the design effect is
    // (1925/50625)/(4/225) = 2.138889. t(0.975; 4 df) = 2.7764451052.
    private static readonly ClusterTotal[] Patients =
    [
        ClusterTotal.Binary(3, 4),
        ClusterTotal.Binary(0, 2),
        ClusterTotal.Binary(3, 3),
        ClusterTotal.Binary(1, 5),
        ClusterTotal.Binary(1, 1),
    ];

    [Fact]
    public void The_variance_matches_the_hand_computation_and_r_sandwich_cr1()
    {
        var result = ClusterRobustMean.For(Patients);

        Assert.Equal(8.0 / 15, result.Estimate, 12);
        Assert.Equal(0.038024691358, result.StandardError * result.StandardError, 12);
        Assert.Equal(5, result.Clusters);
        Assert.Equal(15, result.Units);
    }

    [Fact]
    public void The_interval_uses_t_on_clusters_minus_one_degrees_of_freedom()
    {
        var result = ClusterRobustMean.For(Patients);
        var half = 2.7764451052 * Math.Sqrt(1925.0 / 50625);

        Assert.Equal((8.0 / 15) - half, result.Interval.Lower, 8);
        Assert.Equal((8.0 / 15) + half, result.Interval.Upper, 8);
    }

    [Fact]
    public void The_design_effect_compares_with_units_taken_as_independent()
    {
        Assert.Equal(1925.0 / 50625 / (4.0 / 225), ClusterRobustMean.For(Patients).DesignEffect, 10);
    }

    [Fact]
    public void One_unit_per_cluster_gives_the_ordinary_variance_times_the_small_sample_factor()
    {
        // With single-unit clusters Σ(y_i − ȳ)²/N² · N/(N − 1) = s²/N exactly: design effect 1.
        var singles = new[] { 1, 0, 1, 1, 0, 0, 1, 0 }.Select(y => ClusterTotal.Binary(y, 1)).ToArray();

        var result = ClusterRobustMean.For(singles);

        Assert.Equal(1, result.DesignEffect, 12);
        Assert.Equal(0.5 * 0.5 / 7, result.StandardError * result.StandardError, 12);
    }

    [Fact]
    public void A_mean_of_values_uses_the_sums_of_squares()
    {
        // Hours per week: patient A 9, 12; patient B 6; patient C 10, 14, 8. N = 6, mean 59/6.
        // Residual sums: A 21 − 2·59/6 = 4/3, B 6 − 59/6 = −23/6, C 32 − 3·59/6 = 5/2 → Σ squares = 64/36 + 529/36 + 225/36 = 818/36.
        // Var = (3/2)·(818/36)/36 = 0.9467593. s² = (621 − 59²/6)/5 = 8.1666667; design effect 0.9467593/(8.1666667/6) = 0.6955782.
        ClusterTotal[] hours = [new(2, 21, 225), new(1, 6, 36), new(3, 32, 360)];

        var result = ClusterRobustMean.For(hours);

        Assert.Equal(59.0 / 6, result.Estimate, 12);
        Assert.Equal(1.5 * 818 / 36 / 36, result.StandardError * result.StandardError, 12);
        Assert.Equal(1.5 * 818 / 36 / 36 / ((621 - (59.0 * 59 / 6)) / 5 / 6), result.DesignEffect, 10);
    }
}
