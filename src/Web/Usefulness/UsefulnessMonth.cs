using Outcomes.Analytics.DropoutRisk.Flags;

namespace Outcomes.Web.Usefulness;

/// <summary>
/// One month's row of the flag usefulness page: what became of the flags raised in it, as the monthly report's
/// follow-through counts it (<see cref="FlagStore.FollowThroughAsync"/>), and how promptly they were first reviewed.
/// </summary>
internal sealed record UsefulnessMonth(DateOnly Month, FlagFollowThrough FollowThrough, FlagReviewPromptness Promptness);
