using System.CommandLine;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Targets;

/// <summary>
/// <c>outcomes targets note TARGET --year 2026 --analysis TEXT [--extenuating-factors TEXT]</c>: the written analysis of
/// a target's year, shown beside the target in that year's annual review. Added, never changed (a later note is shown
/// instead); the database records who wrote it and writes the audit line.
/// </summary>
internal static class TargetsNoteCommand
{
    /// <summary>What <c>outcomes targets note</c> was asked for.</summary>
    internal sealed record Settings(long TargetId, int Year, string Analysis, string? ExtenuatingFactors);

    public static Command Create(CliContext context)
    {
        var target = CliOptions.Id("target", "The target (see 'outcomes targets list').");
        var year = CliOptions.Year("--year", "The year the annual review judges, e.g. 2026.", context.Today);
        var analysis = CliOptions.Text("--analysis", "The written analysis: why the year's figure is where it is, and what it means for care.",
            required: true, TargetNoteStore.MaxLength);
        var factors = CliOptions.Text("--extenuating-factors", "Circumstances outside the program's control that bear on the figure (staffing, a closure, a change of payer).",
            required: false, TargetNoteStore.MaxLength);
        var note = new Command("note", "Write the analysis of a target's year and its extenuating factors, shown in the annual review; who wrote it is recorded.")
        {
            target, year, analysis, factors,
        };
        note.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(target), parse.GetValue(year), parse.GetValue(analysis)!, parse.GetValue(factors)), ct));
        return note;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var id = await new TargetNoteStore(dataSource).AddAsync(settings.TargetId, settings.Year, settings.Analysis, settings.ExtenuatingFactors, ct);
        context.Output.WriteLine($"Note {id} on target {settings.TargetId} for {settings.Year}: shown in the annual review of {settings.Year} (outcomes annual-review --year {settings.Year}).");
        return 0;
    }
}
