using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Evaluation;

public sealed class SubgroupEvaluationTests
{
    /// <summary>
    /// IOP: 12 patients who dropped out, all with risk 0.80; 12 who stayed, 6 at 0.95 and 6 at 0.30. Each
    /// dropout outranks exactly the 6 low risks: AUROC 72 / 144 = 0.5. Mean risk 17.1 / 24 = 0.7125 against an
    /// observed 0.5 whose Wilson interval (z = 1.96, n = 24) is 0.5 ± 0.1857 by hand: over-predicted.
    /// PHP: 5 dropped out and 30 stayed, too few dropouts to judge.
    /// </summary>
    private static readonly (SnapshotFeatures Row, double Risk, bool Outcome)[] Rows =
    [
        .. Enumerable.Repeat((Iop, 0.80, true), 12),
        .. Enumerable.Repeat((Iop, 0.95, false), 6),
        .. Enumerable.Repeat((Iop, 0.30, false), 6),
        .. Enumerable.Repeat((Php, 0.40, true), 5),
        .. Enumerable.Repeat((Php, 0.10, false), 30),
    ];

    private static SnapshotFeatures Iop => new() { FacilityId = "F1", Sex = "female", Race = "white", Ethnicity = "not_hispanic", AgeAtAdmission = 30 };

    private static SnapshotFeatures Php => Iop with { Php = true, AgeAtAdmission = 58 };

    private static readonly IReadOnlyList<SubgroupResult> Results = SubgroupEvaluation.Evaluate(
        [.. Rows.Select(r => r.Row)], [.. Rows.Select(r => r.Risk)], [.. Rows.Select(r => r.Outcome)]);

    [Fact]
    public void A_group_reports_its_auroc_and_is_marked_when_its_mean_risk_is_off_the_observed_rate()
    {
        var iop = Results.Single(r => r.Attribute == "level of care" && r.Group == "IOP");

        Assert.Equal((24, 12, false), (iop.Rows, iop.Events, iop.TooSmall));
        Assert.Equal(0.5, iop.Auroc!.Value, 12);
        Assert.Equal(0.7125, iop.MeanPredicted, 12);
        Assert.Equal(0.5 - 0.1857, iop.ObservedInterval.Lower, 3);
        Assert.Equal(0.5 + 0.1857, iop.ObservedInterval.Upper, 3);
        Assert.True(iop.Miscalibrated);
    }

    [Fact]
    public void A_group_with_too_few_of_either_outcome_is_marked_too_small_to_judge()
    {
        var php = Results.Single(r => r.Attribute == "level of care" && r.Group == "PHP");

        Assert.Equal((35, 5, true), (php.Rows, php.Events, php.TooSmall));
        Assert.Null(php.Auroc);
        Assert.False(php.Miscalibrated);
    }

    [Fact]
    public void Every_attribute_is_reported_with_each_of_its_groups()
    {
        Assert.Equal(["level of care", "facility", "sex", "age band", "race", "ethnicity"], Results.Select(r => r.Attribute).Distinct());
        Assert.Equal(["26-34", "55 and over"], Results.Where(r => r.Attribute == "age band").Select(r => r.Group));
        Assert.Equal(59, Results.Single(r => r.Attribute == "sex").Rows);
    }
}
