using Outcomes.Reports.Annual;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Monthly;

namespace Outcomes.Pipeline.Reports;

/// <summary>
/// What <see cref="WriteMonthlyReports"/> did: the analysis runs it computed and stored first (none when every run was
/// stored, or when no analyst was given), and each output it wrote (null when not asked for).
/// </summary>
public sealed record WrittenReports(
    int RunsComputed,
    MonthlyReport.Result? Workbook,
    AuditPackWriter.Result? ChartPack,
    AnnualReview.Result? AnnualReview);
