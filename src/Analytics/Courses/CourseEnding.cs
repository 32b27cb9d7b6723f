namespace Outcomes.Analytics.Courses;

/// <summary>How a course's intensive care (PHP, IOP) ended within the outcome window.</summary>
public enum CourseEnding
{
    /// <summary>Still in intensive care at the end of the window.</summary>
    InCare,

    /// <summary>An unplanned discharge (dropped out, left against advice, discharged by the program) from its last intensive stay.</summary>
    Unplanned,

    /// <summary>Completed its last intensive stay, or stepped down from it to a lower level of care.</summary>
    Planned,

    /// <summary>Any other ending (incarcerated, died, other).</summary>
    Other,
}
