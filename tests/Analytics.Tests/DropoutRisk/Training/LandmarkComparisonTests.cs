using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Training;

/// <summary>
/// The comparison of two landmark sets judges both models on the same rows every other evaluation uses: the test slice
/// of the patients new after the cut-off, never a later admission of a patient the models were fitted on.
/// </summary>
public sealed class LandmarkComparisonTests
{
    private static readonly DateOnly FirstDay = new(2024, 1, 1);

    [Fact]
    public void Both_models_are_judged_only_on_the_test_slice_so_no_patient_trained_on_is_judged_on()
    {
        var snapshots = History(patients: 900, seed: 7);

        var comparison = LandmarkComparison.Compare(snapshots, LandmarkSet.FirstMonth, LandmarkSet.WholeStay);

        bool Test(SnapshotFeatures s) => EvaluationSlices.Of(s, comparison.Cutoff) == EvaluationSlice.Test;
        var shared = comparison.Shared.Days;
        var afterCutoff = snapshots.Where(s => s.AdmittedOn >= comparison.Cutoff && shared.Contains(s.DaysSinceAdmission)).ToList();
        var trainedPatients = snapshots.Where(s => s.AdmittedOn < comparison.Cutoff).Select(s => s.PatientKey).ToHashSet();
        // The history has what the rule must leave out: later stays of patients trained on, and the other two slices.
        Assert.Contains(afterCutoff, s => trainedPatients.Contains(s.PatientKey));
        Assert.Contains(afterCutoff, s => !Test(s));

        Assert.Equal(afterCutoff.Count(Test), comparison.Shared.Rows);
        Assert.Equal(snapshots.Count(s => Test(s) && LandmarkSet.FirstMonth.Days.Contains(s.DaysSinceAdmission)), comparison.Narrow.TestRows);
        Assert.Equal(snapshots.Count(s => Test(s) && LandmarkSet.WholeStay.Days.Contains(s.DaysSinceAdmission)), comparison.Wide.TestRows);
        Assert.Equal(snapshots.Count(s => s.AdmittedOn < comparison.Cutoff && LandmarkSet.WholeStay.Days.Contains(s.DaysSinceAdmission)), comparison.Wide.TrainingRows);
    }

    /// <summary>
    /// Patients admitted over two years, a fifth of them admitted again 200 days later; a snapshot at every day of the
    /// whole-stay set, dropout within the horizon more likely the less the patient attended.
    /// </summary>
    private static List<SnapshotFeatures> History(int patients, int seed)
    {
        var random = new Random(seed);
        var snapshots = new List<SnapshotFeatures>();
        long episode = 0;
        for (var patient = 1L; patient <= patients; patient++)
        {
            var first = FirstDay.AddDays(random.Next(0, 730));
            var admissions = patient % 5 == 0 ? new[] { first, first.AddDays(200) } : [first];
            foreach (var admitted in admissions)
            {
                episode++;
                var attendance = random.NextDouble();
                foreach (var day in LandmarkSet.WholeStay.Days)
                {
                    snapshots.Add(new SnapshotFeatures
                    {
                        EpisodeKey = episode,
                        FacilityId = "FAC1",
                        PatientKey = patient,
                        AdmittedOn = admitted,
                        PatientFirstAdmittedOn = first,
                        SnapshotDate = admitted.AddDays(day),
                        DaysSinceAdmission = day,
                        Php = patient % 3 == 0,
                        AttendanceLast7Days = attendance,
                        AttendanceLast14Days = attendance,
                        LastSessionOn = admitted.AddDays(day),
                        AgeAtAdmission = 20 + (int)(patient % 40),
                        Sex = patient % 2 == 0 ? "female" : "male",
                        DroppedOutWithinHorizon = random.NextDouble() < 0.6 - 0.4 * attendance,
                    });
                }
            }
        }

        return snapshots;
    }
}
