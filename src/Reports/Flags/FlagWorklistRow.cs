namespace Outcomes.Reports.Flags;

/// <summary>
/// One open flag on the worklist, with the source patient id so the team can find the patient. The review
/// fields stay empty until the flag review workflow records them.
/// </summary>
internal sealed record FlagWorklistRow(
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
