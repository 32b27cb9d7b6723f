namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// One step of a flag's review history as the worklist shows it: when, the login that made it as the server recorded it
/// (null for steps recorded before the server kept it), the role the reviewer named, the change of status, the outreach
/// done and the note (its outcome, or the reason for a dismissal).
/// </summary>
public sealed record FlagReviewStep(
    long ReviewId, long FlagId, DateTime ReviewedAt, string? Login, string ReviewerRole, string? Reviewer, string FromStatus, string ToStatus,
    string? Action, string? Note);
