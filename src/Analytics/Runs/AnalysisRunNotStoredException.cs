using Outcomes.Analytics.Periods;

namespace Outcomes.Analytics.Runs;

/// <summary>
/// A report asked for a run that is not stored, or not visible to its login: reading never computes one, so the
/// message names the command that does.
/// </summary>
public sealed class AnalysisRunNotStoredException(ReportingPeriod period, string? facility, DateOnly dataThrough)
    : InvalidOperationException(
        $"The analysis run of {period.Label}{(facility is null ? "" : $" for {facility}")} with data through {dataThrough:yyyy-MM-dd} is not stored " +
        "(or not visible to this login, which may be limited to some facilities), and reports only read stored runs. " +
        $"An analyst stores it with 'outcomes analyze --period {period.Label}{(facility is null ? "" : $" --facility {facility}")} --data-through {dataThrough:yyyy-MM-dd}', " +
        "the report commands store the runs they read when their login may also act as analyst, and the nightly job stores the month's runs.")
{
    public ReportingPeriod Period { get; } = period;

    public string? Facility { get; } = facility;

    public DateOnly DataThrough { get; } = dataThrough;
}
