using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Tests.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Evaluation;

[Collection(PromotedModelCollection.Name)]
public sealed class PopulationStabilityTests(PromotedModelCohort cohort)
{
    [Fact]
    public void The_index_of_a_two_bin_shift_equals_the_hand_computation()
    {
        // (0.7 − 0.5) ln(0.7 / 0.5) + (0.3 − 0.5) ln(0.3 / 0.5) = 0.2 × 0.336472 + 0.2 × 0.510826 = 0.169460
        Assert.Equal(0.169460, PopulationStability.Index([0.5, 0.5], [0.7, 0.3]), 5);
        Assert.Equal(0.0, PopulationStability.Index([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), 12);
    }

    [Fact]
    public void Numeric_features_are_binned_at_their_training_deciles_with_the_last_bin_open()
    {
        var reference = PopulationStability.Numeric("x", [.. Enumerable.Range(1, 10).Select(i => (double)i)]);

        Assert.Equal([1.0, 2, 3, 4, 5, 6, 7, 8, 9], reference.Edges!);
        Assert.Equal([0.5, 0.25, 0.25], PopulationStability.Shares([1.0, 2.0], [0.0, 1, 2, 3]));
        Assert.Equal([0.5, 0.0, 0.5], PopulationStability.Shares(["a", "b"], ["a", "z"]));
    }

    [Fact]
    public void The_training_rows_do_not_drift_from_themselves_and_a_fall_in_attendance_is_a_marked_shift()
    {
        var reference = FeatureReferences.Build(cohort.Snapshots);
        var fallen = cohort.Snapshots.Select(s => s with { AttendanceLast7Days = (s.AttendanceLast7Days ?? 1) * 0.5 }).ToList();

        Assert.All(FeatureReferences.Drift(reference, cohort.Snapshots), f => Assert.Equal(0.0, f.Psi, 12));
        var drift = FeatureReferences.Drift(reference, fallen).ToDictionary(f => f.Feature, f => f.Psi);
        Assert.True(drift["attendance last 7 days"] > PopulationStability.Marked, $"PSI {drift["attendance last 7 days"]}");
        Assert.Equal(0.0, drift["age at admission"], 12);
    }

    [Fact]
    public async Task The_drift_check_reads_the_reference_stored_with_the_model_for_each_month_after_its_cut_off()
    {
        var months = await new Outcomes.Analytics.DropoutRisk.Registry.DriftCheck(cohort.Database.DataSource).CheckAsync(cohort.PromotedId, cohort.EndDate);

        Assert.NotEmpty(months);
        Assert.Equal(months.Select(m => m.Month).Order(), months.Select(m => m.Month));
        Assert.All(months, m => Assert.Equal(ModelInput.NumericNames.Length + 2, m.Features.Count));
        Assert.All(months, m => Assert.True(m.Snapshots > 0));
    }
}
