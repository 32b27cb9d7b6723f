using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Scoring;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// The participant flow of a model (TRIPOD+AI item 20a; the flow diagram of TRIPOD's figure): the landmark snapshots it
/// started from, those left out — their window cut by the data-through date (<see cref="CensoringRule"/>), a source of
/// the model missing on their day (by source: <see cref="MissingBySource"/>), an outreach on a flag within their horizon,
/// their patient first admitted before the cut-off — and the size of each slice of <see cref="EvaluationSlices"/>. The
/// steps add up to <see cref="Snapshots"/>.
/// </summary>
public sealed record ParticipantFlow(
    SliceSize Snapshots,
    SliceSize Censored,
    SliceSize MissingSource,
    SliceSize Outreach,
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

    /// <summary>Episodes of the landmark snapshots.</summary>
    public int Episodes { get; init; }

    /// <summary>
    /// The snapshots of <see cref="MissingSource"/> by the source whose facility data did not reach their day (the first
    /// such source a snapshot names, so that they add up to it); a source none lacked is not listed.
    /// </summary>
    public IReadOnlyList<FlowExclusion> MissingBySource { get; init; } = [];

    public static ParticipantFlow Of(IReadOnlyList<SnapshotFeatures> snapshots, DateOnly cutoff)
    {
        static SliceSize Size(IEnumerable<SnapshotFeatures> rows, bool events = true)
        {
            var list = rows as IReadOnlyCollection<SnapshotFeatures> ?? [.. rows];
            return new SliceSize(list.Count, list.Select(s => s.PatientKey).Distinct().Count(),
                events ? list.Count(s => s.DroppedOutWithinHorizon == true) : null);
        }

        var missing = snapshots.Where(s => CensoringRule.Labelled(s) && s.MissingSource is not null).ToList();
        var usable = snapshots.Where(DropoutModelTrainer.Usable).ToLookup(s => EvaluationSlices.Of(s, cutoff));
        return new ParticipantFlow(
            Size(snapshots, events: false),
            Size(snapshots.Where(s => !CensoringRule.Labelled(s)), events: false),
            Size(missing),
            Size(snapshots.Where(s => CensoringRule.Labelled(s) && s.MissingSource is null && s.OutreachWithinHorizon)),
            Size(usable[EvaluationSlice.SeenBeforeCutoff]),
            Size(usable[EvaluationSlice.Training]),
            Size(usable[EvaluationSlice.Recalibration]),
            Size(usable[EvaluationSlice.Promotion]),
            Size(usable[EvaluationSlice.Test]))
        {
            Episodes = snapshots.Select(s => s.EpisodeKey).Distinct().Count(),
            MissingBySource = [.. SourceCoverage.ModelSources
                .Select(source => new FlowExclusion(
                    $"{Definitions.DataSources.Adjective(source)} data do not reach the snapshot's day (their facility's {Definitions.DataSources.Noun(source)} file stops earlier, begins after the admission, or was never loaded)",
                    missing.Count(s => SourceAvailability.NamesFirstMissing(s, source))))
                .Where(e => e.Snapshots > 0)],
        };
    }
}
