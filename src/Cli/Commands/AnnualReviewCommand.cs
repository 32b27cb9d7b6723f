using System.CommandLine;
using Outcomes.Analytics.Suppression;
using Outcomes.Cli.Arguments;
using Outcomes.Pipeline.Reports;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes annual-review --year 2026 --out DIR</c>: the yearly analysis against the program's targets, with the
/// action plans and their effect, as a workbook and a printable HTML document (docs/reports.md).
/// </summary>
internal static class AnnualReviewCommand
{
    public static Command Create(CliContext context)
    {
        var year = CliOptions.Year("--year", "The calendar year to review, e.g. 2026.", context.Today);
        var facility = ReportCommand.FacilityOption();
        var output = ReportCommand.OutOption();
        var through = ReportCommand.ThroughOption(context);
        var command = new Command("annual-review", "Write the year's review of outcomes against targets (verdicts, quarters, action plans and their effect, data completeness, the measurement system) as a workbook and a printable HTML document.")
        {
            year, facility, output, through,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (reporter, analyst) = await context.OpenReportingAsync(ct);
            await using var dataSource = reporter;
            await using var analysis = analyst;
            var chosen = await CliContext.ReportFacilityAsync(dataSource, parse.GetValue(facility), ct);
            var written = await new WriteMonthlyReports(dataSource, analysis, new SmallCellPolicy()).RunAsync(
                new ReportRequest { AnnualReview = parse.GetValue(year), Population = chosen, Folder = parse.GetValue(output)!, DataThrough = parse.GetValue(through) }, ct);
            var result = written.AnnualReview!;
            var targets = result.Verdicts;
            context.Output.WriteLine($"Workbook: {result.WorkbookPath}");
            context.Output.WriteLine($"Document: {result.HtmlPath} (printable)");
            context.Output.WriteLine(
                $"{targets.Count} target figures: {targets.Count(t => t.Verdict == Analytics.Targets.TargetVerdict.Met)} met, {targets.Count(t => t.Verdict == Analytics.Targets.TargetVerdict.NotMet)} not met, "
                + $"{targets.Count(t => t.Verdict == Analytics.Targets.TargetVerdict.NotAssessable)} not assessable; {targets.Sum(t => t.Plans)} action plans. "
                + $"From analysis run {result.RunId}, data through {result.DataThrough:yyyy-MM-dd}.");
            return 0;
        });
        return command;
    }
}
