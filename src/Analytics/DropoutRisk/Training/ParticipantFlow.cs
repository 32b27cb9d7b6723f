using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Scoring;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// The flow of participants through a model's development (TRIPOD+AI item 20a; the flow diagram of TRIPOD's figure):
/// the landmark snapshots available, those left out with the reason, and the sets the rest went to (<see cref="Splits"/>:
/// training and test, in order; a further slice is one more split), with how many patients fall in more than one.
/// </summary>
public sealed record ParticipantFlow(int Snapshots, int Episodes, int Patients, IReadOnlyList<FlowExclusion> LeftOut, IReadOnlyList<FlowSplit> Splits)
{
    public const string OutcomeNotKnown = "outcome not yet known on the data-through date (the horizon runs past it and the patient was still in care)";

    /// <summary>Patients with snapshots in more than one split (a patient readmitted after the cut-off is in both).</summary>
    public int PatientsInMoreThanOneSplit { get; init; }

    /// <summary>
    /// The flow from <paramref name="available"/> (every landmark snapshot built) to the rows of each split: snapshots
    /// without a known outcome first, then those whose facility data of a source do not reach their day, by source.
    /// </summary>
    public static ParticipantFlow Of(IReadOnlyList<SnapshotFeatures> available, params (string Name, IReadOnlyList<SnapshotFeatures> Rows)[] splits)
    {
        var leftOut = new List<FlowExclusion>();
        var unlabelled = available.Count(s => s.DroppedOutWithinHorizon is null);
        if (unlabelled > 0)
        {
            leftOut.Add(new FlowExclusion(OutcomeNotKnown, unlabelled));
        }

        foreach (var source in SourceCoverage.ModelSources)
        {
            var missing = available.Count(s => s.DroppedOutWithinHorizon is not null && SourceAvailability.NamesFirstMissing(s, source));
            if (missing > 0)
            {
                leftOut.Add(new FlowExclusion($"{Definitions.DataSources.Adjective(source)} data do not reach the snapshot's day (their facility's {Definitions.DataSources.Noun(source)} file stops earlier or was never loaded)", missing));
            }
        }

        var patientsBySplit = splits.Select(s => s.Rows.Select(r => r.PatientKey).ToHashSet()).ToList();
        return new ParticipantFlow(
            available.Count, available.Select(s => s.EpisodeKey).Distinct().Count(), available.Select(s => s.PatientKey).Distinct().Count(), leftOut,
            [.. splits.Select((s, i) => new FlowSplit(s.Name, s.Rows.Count, patientsBySplit[i].Count, s.Rows.Count(r => r.DroppedOutWithinHorizon == true)))])
        {
            PatientsInMoreThanOneSplit = patientsBySplit.SelectMany(p => p).GroupBy(p => p).Count(g => g.Count() > 1),
        };
    }
}
