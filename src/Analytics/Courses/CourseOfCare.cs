namespace Outcomes.Analytics.Courses;

/// <summary>
/// One course of care: a PHP or IOP admission that no intensive stay transferred into, and the intensive stays linked
/// to it by transfers (a PHP stay stepping down to IOP, say). <see cref="Arm"/> is the level it began in;
/// <see cref="Ending"/> is how its intensive care ended within the outcome window.
/// </summary>
public sealed record CourseOfCare(string Facility, bool StartedInIop, CourseEnding Ending, double[] Covariates, int Count = 1)
{
    public string Arm => StartedInIop ? "iop" : "php";
}
