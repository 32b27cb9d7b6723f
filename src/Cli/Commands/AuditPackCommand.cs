using System.CommandLine;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Cli.Arguments;
using Outcomes.Pipeline.Reports;
using Outcomes.Reports.Disclosure;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes audit-pack --period 2026 --out DIR</c>: the accreditation chart pack.</summary>
internal static class AuditPackCommand
{
    /// <summary>What <c>outcomes audit-pack</c> was asked for.</summary>
    internal sealed record Settings(ReportingPeriod Period, string? Facility, string Out, DateOnly? DataThrough, Audience? Audience = null);

    public static Command Create(CliContext context)
    {
        var period = CliOptions.Period("--period", "2026 (year), 2026-Q3, 2026-10 or 12m:2026-10.", context.Today);
        var facility = ReportOptions.Facility();
        var output = ReportOptions.Out();
        var through = ReportOptions.DataThrough(context.Today);
        var audience = ReportOptions.Audience(ReportOutput.ChartPack);
        var command = new Command("audit-pack", "Write the accreditation chart pack: every chart in PNG and SVG, index.html, manifest.json with hashes and standards, and a zip of it all.")
        {
            period, facility, output, through, audience,
        };
        command.SetAction((parse, ct) => RunAsync(
            context, new Settings(parse.GetValue(period)!, parse.GetValue(facility), parse.GetValue(output)!, parse.GetValue(through),
            ReportOptions.AudienceOf(parse.GetValue(audience))), ct));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        var written = await context.WriteReportsAsync(settings.Facility, population => new ReportRequest { ChartPack = settings.Period, Population = population, Folder = settings.Out, DataThrough = settings.DataThrough, Audience = settings.Audience }, ct);
        var result = written.ChartPack!;
        context.Output.WriteLine($"Chart pack: {result.Folder} ({result.ChartCount} charts, index.html, manifest.json)");
        context.Output.WriteLine($"Zipped:     {result.ZipPath}");
        context.Output.WriteLine(ReportOptions.AudienceLine(ReportOutput.ChartPack, settings.Audience));
        return 0;
    }
}
