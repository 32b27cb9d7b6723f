using System.CommandLine;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Cli.Arguments;
using Outcomes.Pipeline.Reports;
using Outcomes.Reports.Disclosure;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes report --month 2026-10 --out DIR</c>: the monthly workbook and its charts.</summary>
internal static class ReportCommand
{
    /// <summary>What <c>outcomes report</c> was asked for.</summary>
    internal sealed record Settings(ReportingPeriod Month, string? Facility, string Out, DateOnly? DataThrough, Audience? Audience = null);

    public static Command Create(CliContext context)
    {
        var month = CliOptions.Month("--month", "The month to report, e.g. 2026-10.", context.Today);
        var facility = ReportOptions.Facility();
        var output = ReportOptions.Out();
        var through = ReportOptions.DataThrough(context.Today);
        var audience = ReportOptions.Audience(ReportOutput.MonthlyWorkbook);
        var command = new Command("report", "Write the monthly outcome workbook (IOP vs PHP) with its charts, from the stored analysis runs (stored first when missing and the login may act as analyst).")
        {
            month, facility, output, through, audience,
        };
        command.SetAction((parse, ct) => RunAsync(
            context, new Settings(parse.GetValue(month)!, parse.GetValue(facility), parse.GetValue(output)!, parse.GetValue(through),
            ReportOptions.AudienceOf(parse.GetValue(audience))), ct));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        var written = await context.WriteReportsAsync(settings.Facility, population => new ReportRequest { Month = settings.Month, Population = population, Folder = settings.Out, DataThrough = settings.DataThrough, Audience = settings.Audience }, ct);
        var result = written.Workbook!;
        context.Output.WriteLine($"Workbook: {result.WorkbookPath}");
        context.Output.WriteLine($"Charts:   {result.ChartFolder} ({result.ChartCount} charts and {result.DashboardPanelCount} Dashboard panels, PNG and SVG)");
        context.Output.WriteLine($"From analysis run {result.RunId}, data through {result.DataThrough:yyyy-MM-dd}.");
        context.Output.WriteLine(ReportOptions.AudienceLine(ReportOutput.MonthlyWorkbook, settings.Audience));
        return 0;
    }
}
