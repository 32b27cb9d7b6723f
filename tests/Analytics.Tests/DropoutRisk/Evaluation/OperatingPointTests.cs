using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Evaluation;

public sealed class OperatingPointTests
{
    private static readonly DateOnly Monday = new(2026, 3, 2);

    [Fact]
    public void Each_facility_week_flags_its_highest_risks_at_or_above_the_floor_up_to_the_capacity()
    {
        // Capacity 2, floor 20%. Week 1 of A: 0.9, 0.5, 0.4 -> the first two. Week 1 of B: 0.3, 0.1 -> only 0.3 (floor).
        // Week 2 of A (day 7): 0.15 -> none.
        double[] risks = [0.4, 0.9, 0.5, 0.3, 0.1, 0.15];
        string[] facilities = ["A", "A", "A", "B", "B", "A"];
        DateOnly[] days = [Monday, Monday.AddDays(3), Monday.AddDays(6), Monday.AddDays(1), Monday, Monday.AddDays(7)];

        var flags = new OperatingPoint(0.2, 2).Flags(risks, facilities, days);

        Assert.Equal([false, true, true, true, false, false], flags);
    }

    [Fact]
    public void Fairness_counts_each_groups_flags_dropouts_and_dropouts_flagged()
    {
        SnapshotFeatures Row(string sex) => new() { Sex = sex, FacilityId = "A", Race = "white", Ethnicity = "unknown" };
        SnapshotFeatures[] rows = [Row("female"), Row("female"), Row("female"), Row("male"), Row("male")];
        bool[] flagged = [true, true, false, true, false];
        bool[] outcomes = [true, false, true, false, true];

        var results = FairnessEvaluation.Evaluate(rows, flagged, outcomes);

        Assert.Equal(new FairnessResult("all", "all test snapshots", 5, 3, 3, 1), results[0]);
        var female = results.Single(r => r.Attribute == "sex" && r.Group == "female");
        Assert.Equal(new FairnessResult("sex", "female", 3, 2, 2, 1), female);
        Assert.Equal(0.5, female.Sensitivity.Estimate);
        Assert.Equal(0.5, female.Precision.Estimate);
        Assert.Equal(new FairnessResult("sex", "male", 2, 1, 1, 0), results.Single(r => r.Attribute == "sex" && r.Group == "male"));
    }
}
