namespace Outcomes.Analytics.Measurement.Tracking;

/// <summary>
/// The not-on-track list of a day: each instrument's curve per level (fitted on the trailing twelve months' completed
/// episodes), every patient in care with an intake and a later score (<see cref="Assessed"/>, by facility, level and
/// instrument), and those not on track.
/// </summary>
public sealed record NotOnTrackList(
    DateOnly Day,
    IReadOnlyList<FittedCurve> Curves,
    IReadOnlyList<(string FacilityId, string Level, string Instrument, int Patients)> Assessed,
    IReadOnlyList<NotOnTrackPatient> Patients)
{
    /// <summary>
    /// Per instrument code, what classifying a patient's change from intake needs (<see cref="ChangeClassification"/>):
    /// the catalogue's reliability and cut-off with the standard deviation of the intake scores of the list's episodes
    /// (completed and in care, every level). An instrument without them, or with fewer than two intake scores, is absent.
    /// </summary>
    public IReadOnlyDictionary<string, ChangeCriteria> Criteria { get; init; } = new Dictionary<string, ChangeCriteria>();
}
