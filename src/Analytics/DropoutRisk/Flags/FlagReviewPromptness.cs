namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// How promptly the flags raised in one month were first reviewed: of the flags whose <c>days</c> had passed by the
/// data-through date (<see cref="Due"/>), those with a first review step recorded within that many days of the day
/// they were raised (<see cref="ReviewedWithin"/>), counted by flag (<see cref="FlagStore.FollowThroughByMonthAsync"/>).
/// </summary>
public sealed record FlagReviewPromptness(DateOnly Month, int Due, int ReviewedWithin)
{
    public double? Share => Due == 0 ? null : (double)ReviewedWithin / Due;
}
