namespace Outcomes.Analytics.Measurement.Tracking;

/// <summary>
/// A patient in care whose latest score lies beyond the expected-recovery band on the side of illness. The episode is
/// named by its surrogate key only (no source id, no patient): the quality team finds the person through the audited
/// export, as for the dropout flags.
/// </summary>
public sealed record NotOnTrackPatient(
    string FacilityId,
    string Level,
    string Instrument,
    long EpisodeKey,
    double Intake,
    DateOnly LatestOn,
    int Week,
    double Latest,
    Interval Band)
{
    /// <summary>
    /// The patient's scores on the instrument after intake, oldest first, each with the intake and its week (the last is
    /// <see cref="Latest"/>): the points drawn against the curve.
    /// </summary>
    public IReadOnlyList<ScoreAtWeek> Scores { get; init; } = [];
}
