using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
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
        Assert.Throws<ArgumentException>(() => PopulationStability.Index([0.5, 0.5], [1.0, 0.0]));
    }

    [Fact]
    public void Counts_are_smoothed_by_half_a_row_a_bin_and_a_bin_empty_on_both_sides_is_left_out()
    {
        // Third bin empty in both: left out. Smoothed: expected (8.5, 2.5) / 11, actual (5.5, 5.5) / 11.
        // (3 / 11) ln(8.5 / 5.5) + (3 / 11) ln(5.5 / 2.5) = (3 / 11) ln 3.4 = 0.272727 × 1.223775 = 0.333757
        Assert.Equal(0.333757, PopulationStability.OfCounts([8, 2, 0], [5, 5, 0]), 5);
        // An empty bin on one side costs what its sample size says, no floor: expected (10.5, 10.5) / 21,
        // actual (20.5, 0.5) / 21; (10 / 21) ln(20.5 / 10.5) + (10 / 21) ln(10.5 / 0.5) = (10 / 21) ln 41 = 1.768368
        Assert.Equal(1.768368, PopulationStability.OfCounts([10, 10], [20, 0]), 5);
        Assert.Equal([2.5 / 11, 8.5 / 11], PopulationStability.Smoothed([2, 8]));
    }

    [Fact]
    public void Numeric_features_are_binned_at_their_training_deciles_with_the_last_bin_open()
    {
        var reference = PopulationStability.Numeric("x", [.. Enumerable.Range(1, 10).Select(i => (double)i)]);

        Assert.Equal([1.0, 2, 3, 4, 5, 6, 7, 8, 9], reference.Edges!);
        Assert.Equal(10, reference.Rows);
        Assert.Equal([0.5, 0.25, 0.25], PopulationStability.Shares([1.0, 2.0], [0.0, 1, 2, 3]));
        Assert.Equal([0.5, 0.0, 0.5], PopulationStability.Shares(["a", "b"], ["a", "z"]));
    }

    [Fact]
    public void Counts_are_pooled_at_a_mix_of_landmark_days_over_the_days_given_and_at_their_own_mix_are_their_sum()
    {
        // Day 3: 6 and 4 rows in two bins, day 7: 1 and 4; the mix gives each day half.
        // Pooled shares 0.5 (0.6, 0.4) + 0.5 (0.2, 0.8) = (0.4, 0.6); effective rows 1 / (0.25 / 10 + 0.25 / 5) = 13.333.
        var counts = new Dictionary<int, double[]> { [3] = [6, 4], [7] = [1, 4] };
        var mix = new Dictionary<int, double> { [3] = 100, [7] = 100, [14] = 50 };

        var pooled = DriftMeasure.Standardised(counts, [3, 7], mix);
        var dayThreeOnly = DriftMeasure.Standardised(counts, [3], mix);

        Assert.Equal(0.4 * 40 / 3, pooled[0], 9);
        Assert.Equal(0.6 * 40 / 3, pooled[1], 9);
        Assert.Equal([6.0, 4.0], dayThreeOnly);
        var own = DriftMeasure.Standardised(counts, [3, 7], new Dictionary<int, double> { [3] = 10, [7] = 5 });
        Assert.Equal(7.0, own[0], 9);
        Assert.Equal(8.0, own[1], 9);
    }

    [Fact]
    public void A_patient_counts_once_a_month_by_the_earliest_landmark_dated_in_it()
    {
        // Admitted 2 March: days 3, 7, 14, 21 fall in March, day 28 on 30 March, day 42 in April; a second patient
        // admitted 27 March is at day 3 on 30 March. A step-down episode of the first patient starts later in March.
        SnapshotFeatures At(long patient, long episode, DateOnly admitted, int day) => new()
        {
            PatientKey = patient, EpisodeKey = episode, AdmittedOn = admitted, SnapshotDate = admitted.AddDays(day), DaysSinceAdmission = day,
        };
        var first = new DateOnly(2026, 3, 2);
        var second = new DateOnly(2026, 3, 27);
        var rows = new[] { 42, 28, 21, 14, 7, 3 }.Select(d => At(1, 10, first, d)).Append(At(2, 20, second, 3)).Append(At(1, 11, new DateOnly(2026, 3, 20), 3)).ToList();

        var march = DriftMeasure.OnePerPatient(rows.Where(r => r.SnapshotDate.Month == 3)).OrderBy(r => r.PatientKey).ToList();
        var april = DriftMeasure.OnePerPatient(rows.Where(r => r.SnapshotDate.Month == 4)).ToList();

        Assert.Equal([(1L, 10L, 3), (2L, 20L, 3)], march.Select(r => (r.PatientKey, r.EpisodeKey, r.DaysSinceAdmission)));
        Assert.Equal([(1L, 10L, 42)], april.Select(r => (r.PatientKey, r.EpisodeKey, r.DaysSinceAdmission)));
    }

    [Fact]
    public void The_training_months_set_the_noise_and_a_month_with_attendance_halved_exceeds_it()
    {
        var training = cohort.Snapshots.Where(DropoutModelTrainer.Usable).ToList();
        var reference = FeatureReferences.Build(training);
        var months = DriftMeasure.Months(reference, training, training: true);
        var judged = months.Where(m => !m.TooFew).ToList();
        var shifted = judged[judged.Count / 2].Month;
        var fallen = training.Select(s => new DateOnly(s.SnapshotDate.Year, s.SnapshotDate.Month, 1) == shifted
            ? s with { AttendanceLast7Days = (s.AttendanceLast7Days ?? 1) * 0.5 } : s).ToList();

        var again = DriftMeasure.Months(reference, fallen, training: false);

        Assert.True(judged.Count >= 12, $"{judged.Count} months judged");
        Assert.All(reference, r => Assert.Equal(judged.Max(m => m.Features.Single(f => f.Feature == r.Feature).Psi), r.TrainingMonthsPsi!.Value, 12));
        Assert.All(judged, m => Assert.False(m.Alarm, $"{m.Month:yyyy-MM}: {string.Join(", ", m.Features.Where(f => f.Drifted))}"));
        var month = again.Single(m => m.Month == shifted);
        Assert.True(month.Alarm);
        Assert.Equal(["attendance last 7 days"], month.Features.Where(f => f.Drifted).Select(f => f.Feature));
        Assert.All(again.Where(m => m.Month != shifted && !m.TooFew), m => Assert.False(m.Alarm));
        Assert.Equal(judged.Single(m => m.Month == shifted).Features.Single(f => f.Feature == "age at admission").Psi,
            month.Features.Single(f => f.Feature == "age at admission").Psi, 12);
    }

    [Fact]
    public async Task The_drift_check_reads_the_reference_stored_with_the_model_for_the_training_months_and_each_month_after_its_cut_off()
    {
        var months = await new Outcomes.Analytics.DropoutRisk.Registry.DriftCheck(cohort.Database.DataSource).CheckAsync(cohort.PromotedId, cohort.EndDate);

        Assert.Contains(months, m => m.Training);
        Assert.Contains(months, m => !m.Training);
        Assert.Equal(months.OrderBy(m => !m.Training).ThenBy(m => m.Month), months);
        Assert.All(months, m => Assert.Equal(ModelInput.NumericNames.Length + 2, m.Features.Count));
        Assert.All(months, m => Assert.True(m.Patients > 0));
        Assert.All(cohort.Trained.Reference, r => Assert.Equal(r.AlarmThreshold(), months[0].Features.Single(f => f.Feature == r.Feature).Threshold));
    }

    [Fact]
    public async Task The_reference_noise_is_stored_with_the_model_and_named_on_its_card()
    {
        var registry = new Outcomes.Analytics.DropoutRisk.Registry.ModelRegistry(cohort.Database.DataSource);
        var stored = (await registry.LoadReferenceAsync(cohort.PromotedId))!.Value;
        var card = await registry.LoadCardAsync(cohort.PromotedId);
        var noisiest = cohort.Trained.Reference.MaxBy(r => r.TrainingMonthsPsi)!;

        Assert.All(cohort.Trained.Reference, r => Assert.NotNull(r.TrainingMonthsPsi));
        Assert.Equal(cohort.Trained.Reference.Select(r => r.TrainingMonthsPsi), stored.Reference.Select(r => r.TrainingMonthsPsi));
        Assert.Equal(cohort.Trained.Reference.Select(r => r.CountsByDay!.Sum(d => d.Value.Sum())), stored.Reference.Select(r => r.CountsByDay!.Sum(d => d.Value.Sum())));
        Assert.Equal(cohort.Trained.LandmarkDays, stored.Reference[0].CountsByDay!.Keys.Order());
        Assert.Equal(cohort.Trained.TrainingRows, stored.TrainingRows);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the largest its own training months showed (here at most {noisiest.TrainingMonthsPsi:F3}, {noisiest.Feature})"), card, StringComparison.Ordinal);
    }
}
