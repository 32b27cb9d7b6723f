using System.CommandLine;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Reports.Flags;

namespace Outcomes.Cli.Commands.Flags;

/// <summary><c>outcomes flags export --include-identifiers --out DIR</c>: the confidential flag worklist.</summary>
internal static class FlagsExportCommand
{
    /// <summary>What <c>outcomes flags export</c> was asked for; <see cref="IncludeIdentifiers"/> must be confirmed.</summary>
    internal sealed record Settings(string? Facility, string Out, bool IncludeIdentifiers, string? Purpose);

    public static Command Create(CliContext context)
    {
        var facility = ReportOptions.Facility();
        var output = ReportOptions.Out();
        var confirm = new Option<bool>("--include-identifiers")
        {
            Description = "Required: confirms that the file will name patients. The export is recorded in the audit trail (outcomes audit list).",
        };
        var purpose = CliOptions.Text("--purpose", "Why the worklist is exported, recorded with it (default: outreach by the care team).", required: false, maxLength: 200);
        var export = new Command("export", "Write the CONFIDENTIAL worklist of open early-dropout flags, with source patient ids, for the team that follows them up.")
        {
            facility, output, confirm, purpose,
        };
        export.SetAction((parse, ct) => RunAsync(
            context, new Settings(parse.GetValue(facility), parse.GetValue(output)!, parse.GetValue(confirm), parse.GetValue(purpose)), ct));
        return export;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        if (!settings.IncludeIdentifiers)
        {
            throw new InvalidOperationException(
                "flags export writes patient identifiers (protected health information): add --include-identifiers to confirm. " +
                "The export is recorded in the audit trail. 'outcomes flags list' shows the same flags without identifiers.");
        }

        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var worklist = new FlagWorklist(dataSource);
        var rows = await worklist.LoadAsync(await FacilitySpelling.StoredAsync(dataSource, settings.Facility, ct), settings.Purpose ?? "outreach by the care team", ct);
        var path = FlagWorklist.Export(rows, settings.Out);
        context.Output.WriteLine($"CONFIDENTIAL worklist: {path} ({rows.Count} open flags). It names patients: keep it inside the care team.");
        return 0;
    }
}
