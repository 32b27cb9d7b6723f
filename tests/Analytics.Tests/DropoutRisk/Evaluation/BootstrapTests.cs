using Outcomes.Analytics.DropoutRisk.Evaluation;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Evaluation;

public sealed class BootstrapTests
{
    [Fact]
    public void The_same_seed_gives_the_same_interval_and_it_surrounds_the_estimate()
    {
        var random = new Random(1);
        var outcomes = Enumerable.Range(0, 400).Select(_ => random.NextDouble() < 0.3).ToArray();
        var scores = outcomes.Select(o => (o ? 0.6 : 0.4) + (random.NextDouble() * 0.5)).ToArray();

        var first = Bootstrap.Percentile(scores, outcomes, Discrimination.Auroc, replicates: 300);
        var second = Bootstrap.Percentile(scores, outcomes, Discrimination.Auroc, replicates: 300);
        var estimate = Discrimination.Auroc(scores, outcomes);

        Assert.Equal(first, second);
        Assert.True(first.Lower < estimate && estimate < first.Upper, $"{estimate} outside {first}");
        Assert.InRange(first.Width, 0.02, 0.2);
    }

    [Fact]
    public void With_repeated_snapshots_of_each_patient_resampling_patients_gives_an_interval_no_narrower_than_resampling_rows()
    {
        // 200 patients, four snapshots each that share the patient's outcome and nearly the same score, as landmarks do.
        var random = new Random(2);
        var scores = new List<double>();
        var outcomes = new List<bool>();
        var patients = new List<long>();
        for (var patient = 0; patient < 200; patient++)
        {
            var outcome = random.NextDouble() < 0.3;
            var score = (outcome ? 0.6 : 0.4) + (random.NextDouble() * 0.5);
            for (var snapshot = 0; snapshot < 4; snapshot++)
            {
                scores.Add(score + (random.NextDouble() * 0.01));
                outcomes.Add(outcome);
                patients.Add(patient);
            }
        }

        var rows = Bootstrap.Percentile(scores, outcomes, Discrimination.Auroc, replicates: 400);
        var byPatient = Bootstrap.ByCluster(scores, outcomes, patients, Discrimination.Auroc, replicates: 400);
        var estimate = Discrimination.Auroc(scores, outcomes);

        Assert.True(byPatient.Lower < estimate && estimate < byPatient.Upper, $"{estimate} outside {byPatient}");
        Assert.True(byPatient.Width > 1.5 * rows.Width, $"by patient {byPatient.Width:F4}, by row {rows.Width:F4}");
        Assert.Equal(byPatient, Bootstrap.ByCluster(scores, outcomes, patients, Discrimination.Auroc, replicates: 400));
    }

    [Fact]
    public void With_one_snapshot_a_patient_resampling_patients_is_resampling_rows()
    {
        var random = new Random(3);
        var outcomes = Enumerable.Range(0, 600).Select(_ => random.NextDouble() < 0.3).ToArray();
        var scores = outcomes.Select(o => (o ? 0.6 : 0.4) + (random.NextDouble() * 0.5)).ToArray();

        var rows = Bootstrap.Percentile(scores, outcomes, Discrimination.AveragePrecision, replicates: 400);
        var byPatient = Bootstrap.ByCluster(scores, outcomes, [.. Enumerable.Range(0, 600).Select(i => (long)i)], Discrimination.AveragePrecision, replicates: 400);

        Assert.InRange(byPatient.Width / rows.Width, 0.8, 1.25);
    }
}
