using System.CommandLine;
using Outcomes.Analytics.Suppression;
using Outcomes.Cli.Arguments;
using Outcomes.Reports.Flags;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.Reports;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes report --month 2026-10 --out DIR</c> (the monthly workbook and its charts),
/// <c>outcomes audit-pack --period 2026 --out DIR</c> (the accreditation chart pack) and
/// <c>outcomes flags export --out DIR</c> (the confidential flag worklist).
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var month = CliOptions.Month("--month", "The month to report, e.g. 2026-10.", context.Today);
        var facility = FacilityOption();
        var output = OutOption();
        var through = ThroughOption(context);
        var command = new Command("report", "Write the monthly outcome workbook (IOP vs PHP) with its charts, from the stored analysis runs (stored first when missing and the login may act as analyst).")
        {
            month, facility, output, through,
        };
        command.SetAction(async (parse, ct) =>
        {
            var period = parse.GetValue(month)!;
            var (reporter, analyst) = await context.OpenReportingAsync(ct);
            await using var dataSource = reporter;
            await using var analysis = analyst;
            var chosen = await CliContext.ReportFacilityAsync(dataSource, parse.GetValue(facility), ct);
            var written = await new WriteMonthlyReports(dataSource, analysis, new SmallCellPolicy()).RunAsync(
                new ReportRequest { Month = period, Population = chosen, Folder = parse.GetValue(output)!, DataThrough = parse.GetValue(through) }, ct);
            var result = written.Workbook!;
            context.Output.WriteLine($"Workbook: {result.WorkbookPath}");
            context.Output.WriteLine($"Charts:   {result.ChartFolder} ({result.ChartCount} charts, PNG and SVG)");
            context.Output.WriteLine($"From analysis run {result.RunId}, data through {result.DataThrough:yyyy-MM-dd}.");
            return 0;
        });
        return command;
    }

    public static Command CreateAuditPack(CliContext context)
    {
        var period = CliOptions.Period("--period", "2026 (year), 2026-Q3, 2026-10 or 12m:2026-10.", context.Today);
        var facility = FacilityOption();
        var output = OutOption();
        var through = ThroughOption(context);
        var command = new Command("audit-pack", "Write the accreditation chart pack: every chart in PNG and SVG, index.html, manifest.json with hashes and standards, and a zip of it all.")
        {
            period, facility, output, through,
        };
        command.SetAction(async (parse, ct) =>
        {
            var reportingPeriod = parse.GetValue(period)!;
            var (reporter, analyst) = await context.OpenReportingAsync(ct);
            await using var dataSource = reporter;
            await using var analysis = analyst;
            var chosen = await CliContext.ReportFacilityAsync(dataSource, parse.GetValue(facility), ct);
            var written = await new WriteMonthlyReports(dataSource, analysis, new SmallCellPolicy()).RunAsync(
                new ReportRequest { ChartPack = reportingPeriod, Population = chosen, Folder = parse.GetValue(output)!, DataThrough = parse.GetValue(through) }, ct);
            var result = written.ChartPack!;
            context.Output.WriteLine($"Chart pack: {result.Folder} ({result.ChartCount} charts, index.html, manifest.json)");
            context.Output.WriteLine($"Zipped:     {result.ZipPath}");
            return 0;
        });
        return command;
    }

    /// <summary><c>outcomes flags export</c>, added to the flags command (<see cref="FlagCommands"/>).</summary>
    public static Command CreateFlagExport(CliContext context)
    {
        var facility = FacilityOption();
        var output = OutOption();
        var confirm = new Option<bool>("--include-identifiers")
        {
            Description = "Required: confirms that the file will name patients. The export is recorded in the audit trail (outcomes audit list).",
        };
        var purpose = CliOptions.Text("--purpose", "Why the worklist is exported, recorded with it (default: outreach by the care team).", required: false, maxLength: 200);
        var export = new Command("export", "Write the CONFIDENTIAL worklist of open early-dropout flags, with source patient ids, for the team that follows them up.")
        {
            facility, output, confirm, purpose,
        };
        export.SetAction(async (parse, ct) =>
        {
            if (!parse.GetValue(confirm))
            {
                throw new InvalidOperationException(
                    "flags export writes patient identifiers (protected health information): add --include-identifiers to confirm. " +
                    "The export is recorded in the audit trail. 'outcomes flags list' shows the same flags without identifiers.");
            }

            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var worklist = new FlagWorklist(dataSource);
            var rows = await worklist.LoadAsync(parse.GetValue(facility), parse.GetValue(purpose) ?? "outreach by the care team", ct);
            var path = FlagWorklist.Export(rows, parse.GetValue(output)!);
            context.Output.WriteLine($"CONFIDENTIAL worklist: {path} ({rows.Count} open flags). It names patients: keep it inside the care team.");
            return 0;
        });
        return export;
    }

    internal static Option<string?> FacilityOption() => CliOptions.Facility("Only this facility (default: all facilities together).");

    internal static Option<string> OutOption() => new("--out") { Description = "The folder to write into.", Required = true };

    internal static Option<DateOnly?> ThroughOption(CliContext context) =>
        CliOptions.DataDay("--data-through", "The date the data are complete through, YYYY-MM-DD (default: the latest admission or discharge).", context.Today);
}
