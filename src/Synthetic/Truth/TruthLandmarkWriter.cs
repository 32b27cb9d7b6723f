using System.Globalization;
using System.Text;
using Outcomes.Synthetic.Care;
using Outcomes.Synthetic.Output;

namespace Outcomes.Synthetic.Truth;

/// <summary>
/// truth/landmark_risk.csv, written only when asked for (<see cref="Cohort.CohortOptions.LandmarkRiskDays"/>): for every
/// PHP and IOP episode at each landmark day on or before the end date at which it is truly in care, the true chance of an
/// unplanned discharge within the horizon given the record up to that day (<see cref="LandmarkOracle"/>). Where the
/// horizon runs past the end date, also the true chances of an unplanned discharge by the end date and of any discharge
/// on record by then: their quotient is the true chance of a label a trainer keeps only when a discharge is on record.
/// Never ingested, and no other file changes when it is written.
/// </summary>
internal sealed class TruthLandmarkWriter : IDisposable
{
    public const string FileName = "landmark_risk.csv";

    public static readonly IReadOnlyList<string> Columns =
    [
        "facility_id", "episode_id", "landmark_day", "snapshot_date", "horizon_days", "true_dropout_within_horizon",
        "true_dropout_by_end_date", "true_discharge_recorded_by_end_date",
    ];

    private readonly StreamWriter _writer;
    private readonly LandmarkOracle _oracle;
    private readonly int _horizonDays;

    public TruthLandmarkWriter(string folder, IReadOnlyList<int> landmarkDays, int horizonDays, DateOnly endDate)
    {
        _oracle = new LandmarkOracle(landmarkDays, horizonDays, endDate);
        _horizonDays = horizonDays;
        _writer = new StreamWriter(Path.Combine(folder, FileName), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _writer.Write(string.Join(',', Columns));
        _writer.Write('\n');
    }

    /// <summary>What <see cref="EpisodeActivity"/> should keep of each episode for <see cref="Write"/>.</summary>
    public ObservedActivity Observed { get; } = new();

    /// <summary>Writes the episode's landmarks from what <see cref="Observed"/> holds of it.</summary>
    public void Write(EpisodeFacts episode)
    {
        foreach (var risk in _oracle.Of(episode, Observed))
        {
            _writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{episode.FacilityId},{episode.EpisodeId},{risk.Day},{Dates.Text(risk.SnapshotDate)},{_horizonDays},{risk.DropoutWithinHorizon:0.00000000},"
                + $"{risk.DropoutByEndDate:0.00000000},{risk.DischargeRecordedByEndDate:0.00000000}\n"));
        }
    }

    public void Dispose() => _writer.Dispose();
}
