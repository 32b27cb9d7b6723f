namespace Outcomes.Reports.Disclosure;

/// <summary>The outputs Outcomes writes, each with the audience it is for unless told otherwise (<see cref="DisclosurePolicy.DefaultFor"/>).</summary>
public enum ReportOutput
{
    /// <summary>The director's monthly workbook and its charts (<c>outcomes report</c>, the monthly-report job).</summary>
    MonthlyWorkbook,

    /// <summary>The quality team's flag worklist (<c>outcomes flags export</c>).</summary>
    FlagWorklist,

    /// <summary>The accreditation chart pack (<c>outcomes audit-pack</c>).</summary>
    ChartPack,

    /// <summary>The annual review against targets (<c>outcomes annual-review</c>), which is sent out to surveyors and boards.</summary>
    AnnualReview,
}
