namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// One step in a flag's review: the new status, who made it (a role, and optionally staff initials or an id — never
/// the patient's), what was done, and a short note. Notes stay in the database and are never exported.
/// </summary>
public sealed record FlagReview(long FlagId, string ToStatus, string ReviewerRole, string? Reviewer, string? Action, string? Note);
