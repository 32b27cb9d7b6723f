using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Flags;
using Outcomes.Reports.Monthly;
using Outcomes.Database.Connection;

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
        var month = new Option<string>("--month") { Description = "The month to report, e.g. 2026-10.", Required = true };
        var facility = FacilityOption();
        var output = OutOption();
        var through = ThroughOption();
        var command = new Command("report", "Write the monthly outcome workbook (IOP vs PHP) with its charts, from the stored analysis runs (run once when missing).")
        {
            month, facility, output, through,
        };
        command.SetAction(async (parse, ct) =>
        {
            var period = Parse(() => ReportingPeriod.Parse(parse.GetValue(month)!));
            if (period.Start.AddMonths(1).AddDays(-1) != period.End)
            {
                throw new InvalidOperationException("--month: expected one month, e.g. 2026-10.");
            }

            var (reporter, analyst) = await context.OpenReportingAsync(ct);
            await using var dataSource = reporter;
            await using var analysis = analyst;
            var chosen = await CliContext.ReportFacilityAsync(dataSource, parse.GetValue(facility), ct);
            var result = await new MonthlyReport(dataSource, new SmallCellPolicy(), analysis).WriteAsync(period, chosen, parse.GetValue(output)!, DataThrough(parse.GetValue(through)), ct);
            context.Output.WriteLine($"Workbook: {result.WorkbookPath}");
            context.Output.WriteLine($"Charts:   {Path.GetDirectoryName(result.Charts[0].PngPath)} ({result.Charts.Count} charts, PNG and SVG)");
            context.Output.WriteLine($"From analysis run {result.Data.Current.Run.RunId}, data through {result.Data.Current.Run.DataThrough:yyyy-MM-dd}.");
            return 0;
        });
        return command;
    }

    public static Command CreateAuditPack(CliContext context)
    {
        var period = new Option<string>("--period") { Description = "2026 (year), 2026-Q3, 2026-10 or 12m:2026-10.", Required = true };
        var facility = FacilityOption();
        var output = OutOption();
        var through = ThroughOption();
        var command = new Command("audit-pack", "Write the accreditation chart pack: every chart in PNG and SVG, index.html, manifest.json with hashes and standards, and a zip of it all.")
        {
            period, facility, output, through,
        };
        command.SetAction(async (parse, ct) =>
        {
            var reportingPeriod = Parse(() => ReportingPeriod.Parse(parse.GetValue(period)!));
            var (reporter, analyst) = await context.OpenReportingAsync(ct);
            await using var dataSource = reporter;
            await using var analysis = analyst;
            var chosen = await CliContext.ReportFacilityAsync(dataSource, parse.GetValue(facility), ct);
            var result = await new AuditPackWriter(dataSource, new SmallCellPolicy(), analysis).WriteAsync(reportingPeriod, chosen, parse.GetValue(output)!, DataThrough(parse.GetValue(through)), ct);
            context.Output.WriteLine($"Chart pack: {result.Folder} ({result.Charts.Count} charts, index.html, manifest.json)");
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
        var purpose = new Option<string?>("--purpose") { Description = "Why the worklist is exported, recorded with it (default: outreach by the care team)." };
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

    internal static Option<string?> FacilityOption() => new("--facility") { Description = "Only this facility (default: all facilities together)." };

    internal static Option<string> OutOption() => new("--out") { Description = "The folder to write into.", Required = true };

    internal static Option<string?> ThroughOption() => new("--data-through") { Description = "The date the data are complete through, YYYY-MM-DD (default: the latest admission or discharge)." };

    internal static DateOnly? DataThrough(string? text) => text is null
        ? null
        : Parse(() => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException(ex.Message.StartsWith("--", StringComparison.Ordinal) ? ex.Message : "--data-through: expected a date as YYYY-MM-DD.", ex);
        }
    }
}
