using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// The participant flow of a model (TRIPOD+AI item 20a): the landmark snapshots it started from, those left out — their
/// window cut by the data-through date (<see cref="CensoringRule"/>), a source of the model missing on their day, their
/// patient first admitted before the cut-off — and the size of each slice of <see cref="EvaluationSlices"/>.
/// </summary>
public sealed record ParticipantFlow(
    SliceSize Snapshots,
    SliceSize Censored,
    SliceSize MissingSource,
    SliceSize SeenBeforeCutoff,
    SliceSize Training,
    SliceSize Recalibration,
    SliceSize Promotion,
    SliceSize Test)
{
    /// <summary>The censoring rule the labels followed (<see cref="CensoringRule.Name"/>).</summary>
    public string Censoring { get; init; } = CensoringRule.Name;

    /// <summary>The split (<see cref="EvaluationSlices.Rule"/>).</summary>
    public string Split { get; init; } = EvaluationSlices.Rule;

    public static ParticipantFlow Of(IReadOnlyList<SnapshotFeatures> snapshots, DateOnly cutoff)
    {
        static SliceSize Size(IEnumerable<SnapshotFeatures> rows, bool events = true)
        {
            var list = rows as IReadOnlyCollection<SnapshotFeatures> ?? [.. rows];
            return new SliceSize(list.Count, list.Select(s => s.PatientKey).Distinct().Count(),
                events ? list.Count(s => s.DroppedOutWithinHorizon == true) : null);
        }

        var usable = snapshots.Where(DropoutModelTrainer.Usable).ToLookup(s => EvaluationSlices.Of(s, cutoff));
        return new ParticipantFlow(
            Size(snapshots, events: false),
            Size(snapshots.Where(s => !CensoringRule.Labelled(s)), events: false),
            Size(snapshots.Where(s => CensoringRule.Labelled(s) && s.MissingSource is not null)),
            Size(usable[EvaluationSlice.SeenBeforeCutoff]),
            Size(usable[EvaluationSlice.Training]),
            Size(usable[EvaluationSlice.Recalibration]),
            Size(usable[EvaluationSlice.Promotion]),
            Size(usable[EvaluationSlice.Test]));
    }
}
