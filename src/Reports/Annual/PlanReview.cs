using Outcomes.Analytics.Targets;

namespace Outcomes.Reports.Annual;

/// <summary>An action plan of a reviewed target with its effect stated plainly (<see cref="ActionEffect"/>).</summary>
internal sealed record PlanReview(ActionPlan Plan, string Effect);
