using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Xunit;

namespace Outcomes.Analytics.Tests.Targets;

/// <summary>
/// Figures against targets on known counts. The intervals are Wilson 95% intervals computed by hand:
/// 50 of 100: 0.5 ± 1.96·√(0.0025 + 0.000096)/1.0384 → 0.4038–0.5962; 49 of 100 → 0.3942–0.5865;
/// 10 of 100: centre 0.1148, half-width 0.0596 → 0.0552–0.1744.
/// </summary>
public sealed class TargetEvaluationTests
{
    private static readonly SmallCellPolicy Policy = new();

    private static OutcomeTarget Target(string metric, bool atLeast, double value, string? facility = null, string? level = null) => new()
    {
        Metric = metric, AtLeast = atLeast, Target = value, FacilityId = facility, LevelOfCare = level,
        EffectiveFrom = new DateOnly(2026, 1, 1), SetBy = "test",
    };

    private static Figure Rate(string metric, string facility, string level, int events, int total, double lower, double upper, bool suppressed = false) =>
        new(metric, facility, level, null, "", total, events, total, (double)events / total, lower, upper, suppressed, null);

    [Fact]
    public void A_figure_whose_interval_includes_the_target_cannot_tell_on_whichever_side_its_estimate_falls()
    {
        var target = Target("completion", atLeast: true, 0.5);

        var onTheTarget = TargetEvaluation.Judge(target, Rate("completion", "F1", "iop", 50, 100, 0.4038, 0.5962), Policy);
        var oneFewer = TargetEvaluation.Judge(target, Rate("completion", "F1", "iop", 49, 100, 0.3942, 0.5865), Policy);

        Assert.Equal((TargetVerdict.CannotTell, false), (onTheTarget.Verdict, onTheTarget.Clearly));
        Assert.Equal((TargetVerdict.CannotTell, false), (oneFewer.Verdict, oneFewer.Clearly));
        Assert.Equal("49.0 % against at least 50.0 %; the 95% interval includes the target", oneFewer.Reason);
    }

    [Fact]
    public void An_at_least_target_is_not_met_when_the_whole_interval_is_below_it()
    {
        var judged = TargetEvaluation.Judge(Target("completion", atLeast: true, 0.5), Rate("completion", "F1", "iop", 10, 100, 0.0552, 0.1744), Policy);

        Assert.Equal((TargetVerdict.NotMet, true), (judged.Verdict, judged.Clearly));
    }

    [Fact]
    public void An_at_most_target_is_met_clearly_when_the_whole_interval_is_below_it()
    {
        var judged = TargetEvaluation.Judge(Target("early_dropout", atLeast: false, 0.2), Rate("early_dropout", "F1", "php", 10, 100, 0.0552, 0.1744), Policy);

        Assert.Equal((TargetVerdict.Met, true), (judged.Verdict, judged.Clearly));
    }

    [Fact]
    public void A_group_too_small_to_judge_or_suppressed_is_not_assessable()
    {
        var target = Target("completion", atLeast: true, 0.5);

        var small = TargetEvaluation.Judge(target, Rate("completion", "F1", "iop", 9, 10, 0.596, 0.982), Policy);
        var suppressed = TargetEvaluation.Judge(target, Rate("completion", "F1", "iop", 5, 40, 0.05, 0.26, suppressed: true), Policy);

        Assert.Equal((TargetVerdict.NotAssessable, "fewer than 11 in the denominator"), (small.Verdict, small.Reason));
        Assert.Equal(TargetVerdict.NotAssessable, suppressed.Verdict);
    }

    /// <summary>
    /// F1: 60 of 100 (0.502–0.691) against its own target of at least 65%: the interval includes it, cannot tell.
    /// F2: the same figure against every facility's 50%: the interval clears it alone (z = 0.10 / 0.0482 = 2.07,
    /// p = 0.038). F3: 90 of 100 (0.8256–0.9448) against 50%: p below 10⁻¹⁵. Benjamini–Hochberg over the three: F3's
    /// adjusted p is about 0, F2's 0.038 × 3 / 2 = 0.057 and F1's 0.30; so F3 is met, and F2, clear by itself, is "cannot
    /// tell" once its two neighbours are counted: 5% of chance findings no longer pass for findings.
    /// </summary>
    [Fact]
    public void A_run_is_judged_against_the_most_specific_target_in_force_with_false_discoveries_controlled_across_its_judgements()
    {
        var run = new AnalysisRun(Guid.NewGuid(), ReportingPeriod.Parse("2026-10"), null, new DateOnly(2026, 10, 31), 30, "1",
        [
            Rate("completion", "F1", "iop", 60, 100, 0.502, 0.691),
            Rate("completion", "F2", "iop", 60, 100, 0.502, 0.691),
            Rate("completion", "F3", "iop", 90, 100, 0.8256, 0.9448),
        ]);
        var everyone = Target("completion", atLeast: true, 0.5);
        var f1 = Target("completion", atLeast: true, 0.65, facility: "F1", level: "iop");
        var expired = new OutcomeTarget { Metric = "completion", AtLeast = true, Target = 0.9, FacilityId = "F2", EffectiveFrom = new DateOnly(2025, 1, 1), EffectiveTo = new DateOnly(2025, 12, 31), SetBy = "test" };

        var judged = TargetEvaluation.Judge(run, [everyone, f1, expired], Policy);

        Assert.Equal([("F1", TargetVerdict.CannotTell, 0.65), ("F2", TargetVerdict.CannotTell, 0.5), ("F3", TargetVerdict.Met, 0.5)],
            judged.Select(j => (j.Figure!.FacilityId, j.Verdict, j.Target.Target)).OrderBy(j => j.FacilityId, StringComparer.Ordinal));
        var f2 = judged.Single(j => j.Figure!.FacilityId == "F2");
        Assert.True(f2.Clearly);
        Assert.Equal(0.057, f2.AdjustedP!.Value, 3);
        Assert.Contains("not a finding after false-discovery control", f2.Reason, StringComparison.Ordinal);
    }
}
