using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Flags;

/// <summary>
/// <c>outcomes flags list</c>: the flags, newest first, without identifiers, with the staff code of each episode's
/// primary counsellor. Acts as the analyst: a login that may only report (no grant on <c>episode.counsellor</c>) is refused.
/// </summary>
internal static class FlagsListCommand
{
    /// <summary>What <c>outcomes flags list</c> was asked for: a facility or all, active, all or one status, and a counsellor or all.</summary>
    internal sealed record Settings(string? Facility, string Status, string? Counsellor = null);

    public static Command Create(CliContext context)
    {
        var facility = CliOptions.Facility("Only this facility's flags.");
        var status = CliOptions.OneOf("--status", "active (open or acknowledged: the worklist), open, acknowledged, outreach_done, dismissed, or all.",
            ["active", "all", .. FlagStatus.All], required: false, defaultValue: "active");
        var counsellor = CliOptions.Counsellor("Only the flags of episodes whose primary counsellor has this staff code (as episodes.csv carries it).");
        var list = new Command("list", "List flags, newest first, with each episode's counsellor (no identifiers: episodes by surrogate key).") { facility, status, counsellor };
        list.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(facility), parse.GetValue(status)!, parse.GetValue(counsellor)), ct));
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
        var facility = await FacilitySpelling.StoredAsync(dataSource, settings.Facility, ct);
        var rows = await new FlagStore(dataSource).ListAsync(facility, statuses, settings.Counsellor, ct);
        var table = new TextTable("flag", "facility", "level", "counsellor", "raised", "risk", "rank", "status", "last review", "left care", "reasons");
        foreach (var f in rows)
        {
            table.Add(f.FlagId, f.FacilityId, f.LevelOfCare.ToUpperInvariant(), f.Counsellor ?? "", f.RaisedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                f.Probability.ToString("P0", CultureInfo.InvariantCulture), f.RankInFacility, f.Status,
                f.LastReviewerRole is null ? "" : $"{f.LastReviewerRole}{(f.LastAction is null ? "" : $": {f.LastAction}")}",
                f.LeftCareOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", string.Join("; ", f.Reasons));
        }

        if (table.Count == 0)
        {
            context.Output.WriteLine(settings.Counsellor is null
                ? "No flags in that status. Flags are raised by: outcomes score"
                : $"No flags in that status for counsellor {settings.Counsellor}. Flags are raised by: outcomes score");
        }
        else
        {
            table.Write(context.Output);
        }

        return 0;
    }
}
