using Outcomes.Analytics.CompetingRisks;
using Xunit;

namespace Outcomes.Analytics.Tests.CompetingRisks;

public sealed class CumulativeIncidenceTests
{
    // Six patients, cause 1 of interest, cause 2 competing, 0 censored. By hand (n at risk, S(t−) overall in care):
    //   day 1: n 6, one cause 1:            F = 1/6,                    S = 5/6
    //   day 2: n 5, one cause 2:            F = 1/6,                    S = 2/3
    //   day 3: n 4, one cause 1, one censored: F = 1/6 + (2/3)(1/4) = 1/3, S = 1/2
    //   day 4: n 2, one cause 1:            F = 1/3 + (1/2)(1/2) = 7/12, S = 1/4
    // (R cmprsk 2.2-11 cuminc gives 0.1667, 0.1667, 0.3333, 0.5833 on these six.)
    // Delta-method variance (Pintilie 2006, §4.2.2) at day 3, F = 1/3:
    //   Σ [F − F_j]² d_j/(n_j(n_j − d_j)) = (1/6)²/30 + (1/6)²/20                   = 1/432
    //   Σ S(t_j−)² d1_j(n_j − d1_j)/n_j³   = 5/216 + (4/9)(3/64)                      = 19/432
    //   −2 Σ [F − F_j] S(t_j−) d1_j/n_j²   = −2 (1/6)(1/36)                           = −4/432
    //   Var = 16/432 = 1/27
    // and at day 4, F = 7/12: (25/144)/30 + (25/144)/20 + (1/16)/12 = 17/864; 19/432 + (1/4)/8 = 65/864;
    //   −2 [(5/12)(1/36) + (1/4)(2/3)(1/16)] = −38/864; Var = 44/864 = 11/216.
    private static readonly (double, int)[] Six = [(1, 1), (2, 2), (3, 1), (3, 0), (4, 1), (5, 0)];

    [Fact]
    public void The_estimate_and_its_delta_method_variance_match_the_hand_computation()
    {
        var curve = CumulativeIncidence.Fit(Six, cause: 1);

        Assert.Equal([1.0, 2, 3, 4], curve.Steps.Select(s => s.Time));
        Assert.Equal([6, 5, 4, 2], curve.Steps.Select(s => s.AtRisk));
        Assert.Equal(1.0 / 6, curve.Steps[0].Incidence, 12);
        Assert.Equal(1.0 / 6, curve.Steps[1].Incidence, 12);
        Assert.Equal(1.0 / 3, curve.Steps[2].Incidence, 12);
        Assert.Equal(7.0 / 12, curve.Steps[3].Incidence, 12);
        Assert.Equal(1.0 / 27, curve.Steps[2].StandardError * curve.Steps[2].StandardError, 12);
        Assert.Equal(11.0 / 216, curve.Steps[3].StandardError * curve.Steps[3].StandardError, 12);
    }

    [Fact]
    public void The_interval_is_taken_on_the_log_minus_log_scale()
    {
        // Pintilie 2006 (4.5): F^exp(±z·se / (F·ln F)); at day 3, F = 1/3, se = √(1/27), z = 1.959964.
        var step = CumulativeIncidence.Fit(Six, cause: 1).Steps[2];
        var spread = 1.959964 * Math.Sqrt(1.0 / 27) / ((1.0 / 3) * Math.Log(1.0 / 3));

        Assert.Equal(Math.Pow(1.0 / 3, Math.Exp(-spread)), step.Interval.Lower, 5);
        Assert.Equal(Math.Pow(1.0 / 3, Math.Exp(spread)), step.Interval.Upper, 5);
        Assert.InRange(step.Interval.Lower, 0, 1.0 / 3);
        Assert.InRange(step.Interval.Upper, 1.0 / 3, 1);
    }

    [Fact]
    public void Each_cause_of_the_pbc_trial_matches_r_cmprsk_cuminc_by_arm()
    {
        // R 4.2.2, cmprsk 2.2-11: timepoints(cuminc(time, status, trt), c(1000, 2000, 3000, 4000))$est on the
        // 312 randomised patients of survival::pbc.
        var expected = new Dictionary<(int Arm, int Cause), double[]>
        {
            [(1, 1)] = [0.031738644825, 0.04590585899, 0.07594709147, 0.07594709147],
            [(2, 1)] = [0.006543075245, 0.04224660322, 0.06499021894, 0.08224454906],
            [(1, 2)] = [0.145995509826, 0.30104949343, 0.43725727741, 0.54236087958],
            [(2, 2)] = [0.201744820065, 0.29115474537, 0.38287121743, 0.59892352462],
        };
        foreach (var ((arm, cause), values) in expected)
        {
            var curve = CumulativeIncidence.Fit(PbcTrial.Where(p => p.Arm == arm), cause);
            for (var i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i], curve.At(1000 * (i + 1), minimumAtRisk: 1).Incidence!.Value, 9);
            }
        }
    }

    [Fact]
    public void On_the_pbc_trial_the_delta_method_variance_is_close_to_r_cmprsks_variance()
    {
        // A cross-check, not an identity: cmprsk 2.2-11 estimates the variance by Gray's (1988) method, timepoints(...)$var;
        // the two estimators agree asymptotically and here within 6% (the hand computation above pins the formula).
        var expected = new Dictionary<(int Arm, int Cause), double[]>
        {
            [(1, 1)] = [1.964881628e-04, 0.0002905872813, 0.0005700159531, 0.0005700159531],
            [(2, 1)] = [4.286359972e-05, 0.0002892725719, 0.0005323169204, 0.0008109950334],
            [(1, 2)] = [7.973200784e-04, 0.0014532987467, 0.0021465359287, 0.0033067686141],
            [(2, 2)] = [1.056194369e-03, 0.0014396139945, 0.0022021602023, 0.0043206855432],
        };
        foreach (var ((arm, cause), values) in expected)
        {
            var curve = CumulativeIncidence.Fit(PbcTrial.Where(p => p.Arm == arm), cause);
            for (var i = 0; i < values.Length; i++)
            {
                var se = curve.At(1000 * (i + 1), minimumAtRisk: 1).StandardError!.Value;
                Assert.InRange(se * se / values[i], 0.94, 1.06);
            }
        }
    }

    [Fact]
    public void The_number_at_risk_matches_r_survfit_on_the_pbc_trial()
    {
        // R survival 3.5-3: summary(survfit(Surv(time, factor(status)) ~ 1), times = ...)$n.risk.
        var curve = CumulativeIncidence.Fit(PbcTrial.Where(_ => true), cause: 2);

        Assert.Equal([249, 144, 63, 21, 11, 9, 8, 4, 1], new[] { 1000.0, 2000, 3000, 4000, 4200, 4300, 4400, 4500, 4556 }.Select(curve.AtRisk));
        Assert.Equal(4556, curve.LastFollowUp);
    }

    [Fact]
    public void No_share_is_given_beyond_the_last_follow_up()
    {
        var curve = CumulativeIncidence.Fit(PbcTrial.Where(_ => true), cause: 2);

        var estimate = curve.At(5000);

        Assert.False(estimate.IsEstimable);
        Assert.Null(estimate.Incidence);
        Assert.Null(estimate.Interval);
        Assert.Equal(0, estimate.AtRisk);
        Assert.Contains("beyond the last follow-up (day 4556)", estimate.NotEstimableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_share_is_given_with_fewer_than_eleven_at_risk_and_the_number_at_risk_is_still_shown()
    {
        var curve = CumulativeIncidence.Fit(PbcTrial.Where(_ => true), cause: 2);

        var eleven = curve.At(4200);
        var nine = curve.At(4300);

        Assert.True(eleven.IsEstimable);
        Assert.NotNull(eleven.Interval);
        Assert.False(nine.IsEstimable);
        Assert.Null(nine.Incidence);
        Assert.Equal(9, nine.AtRisk);
        Assert.Equal("not estimable: 9 at risk on day 4300, fewer than 11", nine.NotEstimableReason);
    }

    [Fact]
    public void Before_any_end_the_incidence_is_zero()
    {
        var estimate = CumulativeIncidence.Fit(PbcTrial.Where(_ => true), cause: 1).At(10);

        Assert.Equal(0, estimate.Incidence);
        Assert.Equal(312, estimate.AtRisk);
    }

    [Fact]
    public void The_incidences_of_all_causes_and_the_share_still_in_care_add_up_to_one()
    {
        // Aalen–Johansen property, checked on R survfit's pstate at day 2000: 0.6593022 in care, 0.0440563, 0.2966415.
        var all = PbcTrial.Where(_ => true).ToList();
        var transplant = CumulativeIncidence.Fit(all, cause: 1).At(2000).Incidence!.Value;
        var death = CumulativeIncidence.Fit(all, cause: 2).At(2000).Incidence!.Value;

        Assert.Equal(0.04405629053, transplant, 9);
        Assert.Equal(0.29664147852, death, 9);
        Assert.Equal(0.6593022309, 1 - transplant - death, 9);
    }
}
