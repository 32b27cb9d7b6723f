namespace Outcomes.Reports.Flags;

/// <summary>
/// One flag on the worklist, with the source patient id so the team can find the patient, and its latest review
/// step (status, who by role, when, what was done).
/// </summary>
public sealed record FlagWorklistRow(
    string FacilityId,
    string SourcePatientId,
    string SourceEpisodeId,
    string LevelOfCare,
    DateOnly AdmittedOn,
    DateOnly ScoredOn,
    int Rank,
    double Probability,
    string Reasons,
    long ModelId,
    string? ReviewStatus = null,
    string? ReviewedBy = null,
    DateOnly? ReviewedOn = null,
    string? ReviewOutcome = null);
