using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Synthetic.Snapshots;

/// <summary>
/// Landmark snapshots drawn from a known risk model, for checking the trainer against the best achievable
/// discrimination (the true probabilities) and for the model benchmark:
///   logit P(dropout) = -2.2 + 0.9 x consecutive missed - 2.0 x (attendance last 7 days - 0.8)
///                      - 0.3 x family contacts + 0.5 x positive screens + 0.4 x co-occurring - 0.5 x MAT
/// Deterministic for a seed.
/// </summary>
public static class KnownRiskSnapshots
{
    public static (IReadOnlyList<SnapshotFeatures> Snapshots, Dictionary<(long, DateOnly), double> Truth) Generate(int count, int seed = 7)
    {
        var random = new Random(seed);
        var snapshots = new List<SnapshotFeatures>();
        var truth = new Dictionary<(long, DateOnly), double>();
        var first = new DateOnly(2024, 1, 1);
        for (var i = 0; i < count; i++)
        {
            var admitted = first.AddDays(random.Next(700));
            // At the default landmark days, so that a model trained on these scores the days a real one would.
            var day = LandmarkSet.Default.Days[random.Next(LandmarkSet.Default.Days.Count)];
            var missed = random.NextDouble() < 0.55 ? 0 : random.Next(1, 5);
            var attendance = Math.Clamp(1 - (0.15 * missed) - (random.NextDouble() * 0.3), 0, 1);
            var family = random.Next(4);
            var positives = random.NextDouble() < 0.7 ? 0 : random.Next(1, 4);
            var coOccurring = random.NextDouble() < 0.45;
            var mat = random.NextDouble() < 0.3;
            var logit = -2.2 + (0.9 * missed) - (2.0 * (attendance - 0.8)) - (0.3 * family) + (0.5 * positives) + (coOccurring ? 0.4 : 0) - (mat ? 0.5 : 0);
            var p = 1 / (1 + Math.Exp(-logit));
            var snapshot = new SnapshotFeatures
            {
                EpisodeKey = i,
                PatientKey = i,
                FacilityId = "F" + (i % 3),
                AdmittedOn = admitted,
                PatientFirstAdmittedOn = admitted,
                SnapshotDate = admitted.AddDays(day),
                DaysSinceAdmission = day,
                AttendanceLast7Days = attendance,
                AttendanceLast14Days = Math.Clamp(attendance + ((random.NextDouble() - 0.5) * 0.2), 0, 1),
                ConsecutiveMissed = missed,
                HoursAgainstAsamMinimum = attendance,
                FamilyContacts = family,
                PositiveScreens = positives,
                CoOccurringDisorder = coOccurring,
                MedicationForAddictionTreatment = mat,
                AgeAtAdmission = 20 + random.Next(40),
                ReferralSource = random.NextDouble() < 0.3 ? "criminal_justice" : "individual",
                DroppedOutWithinHorizon = random.NextDouble() < p,
            };
            snapshots.Add(snapshot);
            truth[(i, snapshot.SnapshotDate)] = p;
        }

        return (snapshots, truth);
    }
}
