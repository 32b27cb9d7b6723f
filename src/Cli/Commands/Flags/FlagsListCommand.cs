using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Flags;

/// <summary><c>outcomes flags list</c>: the flags, newest first, without identifiers.</summary>
internal static class FlagsListCommand
{
    /// <summary>What <c>outcomes flags list</c> was asked for: a facility or all, and active, all or one status.</summary>
    internal sealed record Settings(string? Facility, string Status);

    public static Command Create(CliContext context)
    {
        var facility = CliOptions.Facility("Only this facility's flags.");
        var status = CliOptions.OneOf("--status", "active (open or acknowledged: the worklist), open, acknowledged, outreach_done, dismissed, or all.",
            ["active", "all", .. FlagStatus.All], required: false, defaultValue: "active");
        var list = new Command("list", "List flags, newest first (no identifiers: episodes by surrogate key).") { facility, status };
        list.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(facility), parse.GetValue(status)!), ct));
        return list;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        IReadOnlyList<string> statuses = settings.Status switch
        {
            "active" => FlagStatus.Active,
            "all" => [],
            var one => [one],
        };
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var rows = await new FlagStore(dataSource).ListAsync(settings.Facility, statuses, ct);
        var table = new TextTable("flag", "facility", "level", "raised", "risk", "rank", "status", "last review", "left care", "reasons");
        foreach (var f in rows)
        {
            table.Add(f.FlagId, f.FacilityId, f.LevelOfCare.ToUpperInvariant(), f.RaisedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                f.Probability.ToString("P0", CultureInfo.InvariantCulture), f.RankInFacility, f.Status,
                f.LastReviewerRole is null ? "" : $"{f.LastReviewerRole}{(f.LastAction is null ? "" : $": {f.LastAction}")}",
                f.LeftCareOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", string.Join("; ", f.Reasons));
        }

        if (table.Count == 0)
        {
            context.Output.WriteLine("No flags in that status. Flags are raised by: outcomes score");
        }
        else
        {
            table.Write(context.Output);
        }

        return 0;
    }
}
