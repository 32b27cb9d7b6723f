using System.Text;
using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Targets;
using Outcomes.Database.Access;
using Outcomes.Database.Audit;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Output;

namespace Outcomes.Reports.Annual;

/// <summary>
/// <c>outcomes annual-review --year 2026</c>: the year's stored runs, the targets, their
/// verdicts and the action plans, written as <c>annual-review-2026[-FACILITY].xlsx</c> and a printable
/// <c>annual-review-2026[-FACILITY].html</c> with the same cells (the facility through <see cref="SafeFileName"/>;
/// each file written under a temporary name and renamed into place by <see cref="OutputFolder"/>). It reads the stored
/// runs of <see cref="RunsReadAsync"/> as the reporter and never computes one. The review is sent out (to surveyors, a
/// board), so its <see cref="DisclosurePolicy"/> is external unless told otherwise.
/// </summary>
public sealed class AnnualReview(NpgsqlDataSource dataSource, DisclosurePolicy disclosure)
{
    /// <summary>The review for its default audience (<see cref="DisclosurePolicy.DefaultFor"/>).</summary>
    public AnnualReview(NpgsqlDataSource dataSource, SmallCellPolicy cells)
        : this(dataSource, DisclosurePolicy.For(ReportOutput.AnnualReview, null, cells))
    {
    }

    /// <summary>What was written: the workbook, the printable document, and the targets judged.</summary>
    public sealed class Result
    {
        internal Result(string workbookPath, string htmlPath, AnnualReviewData data)
        {
            WorkbookPath = workbookPath;
            HtmlPath = htmlPath;
            Data = data;
        }

        public string WorkbookPath { get; }

        public string HtmlPath { get; }

        /// <summary>The analysis run of the year the review judges.</summary>
        public Guid RunId => Data.YearRun.Run.RunId;

        public DateOnly DataThrough => Data.DataThrough;

        /// <summary>The verdict of each target figure and the number of action plans reviewed with it.</summary>
        public IReadOnlyList<(TargetVerdict Verdict, int Plans)> Verdicts => [.. Data.Targets.Select(t => (t.Verdict, t.Plans.Count))];

        /// <summary>The target figures missed with no action plan for their target, as the first page counts them.</summary>
        public int MissedWithoutPlan => Data.MissedWithoutPlan.Count;

        internal AnnualReviewData Data { get; }
    }

    internal static string BaseName(int year, string? facility) =>
        $"annual-review-{year}{(facility is null ? "" : "-" + SafeFileName.From(facility))}";

    /// <summary>
    /// The periods whose stored runs the review of <paramref name="year"/> reads: the year, its quarters begun by the
    /// data-through date, and the quarters around each action plan's decision whose effect can be judged.
    /// </summary>
    public Task<IReadOnlyList<ReportingPeriod>> RunsReadAsync(int year, FacilityScope population, DateOnly dataThrough, CancellationToken cancellationToken = default) =>
        new AnnualReviewLoader(dataSource, disclosure).RunsReadAsync(year, population.SingleOrAll, dataThrough, cancellationToken);

    public async Task<Result> WriteAsync(int year, FacilityScope population, string folder, DateOnly? dataThrough = null, CancellationToken cancellationToken = default)
    {
        var facility = population.SingleOrAll;
        var data = await new AnnualReviewLoader(dataSource, disclosure).LoadAsync(year, facility, dataThrough, cancellationToken);
        var tables = new AnnualReviewTables(data, disclosure);
        var output = OutputFolder.Open(folder);
        var name = BaseName(year, facility);
        var workbook = output.WriteFile(name + ".xlsx", stream => AnnualReviewWorkbook.Write(data, tables, disclosure, stream));
        var document = AnnualReviewHtml.Render(data, tables, disclosure);
        var html = output.WriteFile(name + ".html", stream => stream.Write(new UTF8Encoding(false).GetBytes(document)));
        await AuditLog.RecordAsync(dataSource, new AuditEntry(
            "export.annual_review", $"{year} {facility ?? "all facilities"}: {Path.GetFileName(workbook)}, {Path.GetFileName(html)}", data.YearRun.Run.RunId,
            Detail: $"{data.Targets.Count} target figures, {data.MissedWithoutPlan.Count} missed with no action plan; audience {DisclosurePolicy.Name(disclosure.Audience)}"), cancellationToken);
        return new Result(workbook, html, data);
    }
}
