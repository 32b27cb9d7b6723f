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
    IReadOnlyList<NotOnTrackPatient> Patients);
