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
    public void A_completion_of_exactly_the_target_is_met_and_one_patient_fewer_is_not_though_chance_could_explain_either()
    {
        var target = Target("completion", atLeast: true, 0.5);

        var met = TargetEvaluation.Judge(target, Rate("completion", "F1", "iop", 50, 100, 0.4038, 0.5962), Policy);
        var missed = TargetEvaluation.Judge(target, Rate("completion", "F1", "iop", 49, 100, 0.3942, 0.5865), Policy);

        Assert.Equal((TargetVerdict.Met, false), (met.Verdict, met.Clearly));
        Assert.Equal((TargetVerdict.NotMet, false), (missed.Verdict, missed.Clearly));
        Assert.Equal("49.0 % against at least 50.0 %; the 95% interval includes the target", missed.Reason);
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

    [Fact]
    public void A_run_is_judged_against_the_most_specific_target_in_force_at_the_end_of_its_period()
    {
        var run = new AnalysisRun(Guid.NewGuid(), ReportingPeriod.Parse("2026-10"), null, new DateOnly(2026, 10, 31), 30, "1",
        [
            Rate("completion", "F1", "iop", 60, 100, 0.502, 0.691),
            Rate("completion", "F2", "iop", 60, 100, 0.502, 0.691),
        ]);
        var everyone = Target("completion", atLeast: true, 0.5);
        var f1 = Target("completion", atLeast: true, 0.65, facility: "F1", level: "iop");
        var expired = new OutcomeTarget { Metric = "completion", AtLeast = true, Target = 0.9, FacilityId = "F2", EffectiveFrom = new DateOnly(2025, 1, 1), EffectiveTo = new DateOnly(2025, 12, 31), SetBy = "test" };

        var judged = TargetEvaluation.Judge(run, [everyone, f1, expired], Policy);

        Assert.Equal([("F1", TargetVerdict.NotMet, 0.65), ("F2", TargetVerdict.Met, 0.5)],
            judged.Select(j => (j.Figure!.FacilityId, j.Verdict, j.Target.Target)).OrderBy(j => j.FacilityId, StringComparer.Ordinal));
    }
}
