using Outcomes.Analytics.Periods;

namespace Outcomes.Web.Dashboard;

/// <summary>
/// What a dashboard request may show and what it chose: the populations the login may pick (null: all facilities
/// together, for a login limited to none), the months with stored runs of the chosen population with the latest
/// data-through date of each, and the chosen month (null when none is stored).
/// </summary>
internal sealed record DashboardChoice(
    IReadOnlyList<string?> Populations,
    string? Facility,
    IReadOnlyList<(ReportingPeriod Month, DateOnly DataThrough)> Months,
    ReportingPeriod? Month,
    DateOnly DataThrough)
{
    /// <summary>How a population is written in a URL: the facility's id, or <see cref="Database.Access.FacilityScope.AllName"/>.</summary>
    public static string Key(string? facility) => facility ?? Database.Access.FacilityScope.AllName;
}
