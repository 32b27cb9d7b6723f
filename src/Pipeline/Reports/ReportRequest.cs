using Outcomes.Analytics.Periods;
using Outcomes.Database.Access;
using Outcomes.Reports.Disclosure;

namespace Outcomes.Pipeline.Reports;

/// <summary>What <see cref="WriteMonthlyReports"/> writes: for which population and data, into which folder, and which outputs.</summary>
public sealed record ReportRequest
{
    /// <summary>The folder the outputs are written into.</summary>
    public required string Folder { get; init; }

    /// <summary>All facilities together, or one facility.</summary>
    public FacilityScope Population { get; init; } = FacilityScope.All;

    /// <summary>The day the data are complete through; null: the latest admission, discharge or session the reporter sees.</summary>
    public DateOnly? DataThrough { get; init; }

    /// <summary>The month whose workbook (with its charts) is written; null: none.</summary>
    public ReportingPeriod? Month { get; init; }

    /// <summary>The period whose accreditation chart pack is written; null: none.</summary>
    public ReportingPeriod? ChartPack { get; init; }

    /// <summary>The year whose annual review is written; null: none.</summary>
    public int? AnnualReview { get; init; }

    /// <summary>
    /// Who the outputs are for, overriding each output's default (<see cref="DisclosurePolicy.DefaultFor"/>: the
    /// workbook internal, the chart pack and the annual review external); null: the defaults. An output written for
    /// another audience than its default is recorded in the audit trail.
    /// </summary>
    public Audience? Audience { get; init; }

    /// <summary>
    /// Whether a facility's outputs are read from the facility's own runs, stored first when missing, rather than from a run
    /// of all facilities that holds its figures too: the monthly-report job's choice, so that a login limited to the
    /// facility (which sees only its own runs) finds the month on the web dashboard. False: any run that serves.
    /// </summary>
    public bool FacilityOwnRuns { get; init; }
}
