namespace Outcomes.Analytics.Definitions;

/// <summary>
/// The run-in at the start of each facility's data (<see cref="OutcomeDefinitions.RunInDays"/>) in SQL, so that every
/// fixed-window cohort leaves out the same admissions.
/// </summary>
internal static class RunIn
{
    /// <summary>
    /// A common table expression <c>data_start(facility_id, first_admission)</c>: each facility's first admission, read
    /// from the index on admission dates from the start (no pass over every episode). An admission is in the run-in
    /// when <c>admitted_on &lt; first_admission + @RunInDays</c>. Materialized: inlined into a join, the planner ran the
    /// per-facility subquery once per joined episode (half a million index probes for a trailing year).
    /// </summary>
    public const string DataStart = """
        data_start as materialized (
            select f.facility_id, (select min(x.admitted_on) from episode x where x.facility_id = f.facility_id) as first_admission
            from facility f
        )
        """;
}
