using System.CommandLine;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Arguments;
using Outcomes.Pipeline.Reports;
using Outcomes.Reports.Disclosure;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes annual-review --year 2026 --out DIR</c>: the yearly analysis against the program's targets, with the
/// action plans and their effect, as a workbook and a printable HTML document (docs/reports.md).
/// </summary>
internal static class AnnualReviewCommand
{
    /// <summary>What <c>outcomes annual-review</c> was asked for.</summary>
    internal sealed record Settings(int Year, string? Facility, string Out, DateOnly? DataThrough, Audience? Audience = null);

    public static Command Create(CliContext context)
    {
        var year = CliOptions.Year("--year", "The calendar year to review, e.g. 2026.", context.Today);
        var facility = ReportOptions.Facility();
        var output = ReportOptions.Out();
        var through = ReportOptions.DataThrough(context.Today);
        var audience = ReportOptions.Audience(ReportOutput.AnnualReview);
        var command = new Command("annual-review", "Write the year's review of outcomes against targets (verdicts, quarters, action plans and their effect, data completeness, the measurement system) as a workbook and a printable HTML document.")
        {
            year, facility, output, through, audience,
        };
        command.SetAction((parse, ct) => RunAsync(
            context, new Settings(parse.GetValue(year), parse.GetValue(facility), parse.GetValue(output)!, parse.GetValue(through),
            ReportOptions.AudienceOf(parse.GetValue(audience))), ct));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        var written = await context.WriteReportsAsync(settings.Facility, population => new ReportRequest { AnnualReview = settings.Year, Population = population, Folder = settings.Out, DataThrough = settings.DataThrough, Audience = settings.Audience }, ct);
        var result = written.AnnualReview!;
        var targets = result.Verdicts;
        context.Output.WriteLine($"Workbook: {result.WorkbookPath}");
        context.Output.WriteLine($"Document: {result.HtmlPath} (printable)");
        context.Output.WriteLine(ReportOptions.AudienceLine(ReportOutput.AnnualReview, settings.Audience));
        context.Output.WriteLine(
            $"{targets.Count} target figures: {targets.Count(t => t.Verdict == TargetVerdict.Met)} met, {targets.Count(t => t.Verdict == TargetVerdict.NotMet)} not met, "
            + $"{targets.Count(t => t.Verdict == TargetVerdict.CannotTell)} cannot tell, {targets.Count(t => t.Verdict == TargetVerdict.NotAssessable)} not assessable; {targets.Sum(t => t.Plans)} action plans; "
            + $"{result.MissedWithoutPlan} missed with no action plan. "
            + $"From analysis run {result.RunId}, data through {result.DataThrough:yyyy-MM-dd}.");
        return 0;
    }
}
