using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Targets;

/// <summary><c>outcomes targets list</c>: the targets with where and when they apply and who set them.</summary>
internal static class TargetsListCommand
{
    public static Command Create(CliContext context)
    {
        var list = new Command("list", "List the targets with where and when they apply and who set them.");
        list.SetAction((_, ct) => RunAsync(context, ct));
        return list;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Reporter, ct);
        var table = new TextTable("id", "metric", "group", "facility", "level", "target", "from", "to", "set by", "note");
        foreach (var t in await new TargetStore(dataSource).ListAsync(ct))
        {
            table.Add(t.TargetId, t.Metric, t.Grouping, t.FacilityId ?? "every", t.LevelOfCare ?? "every", t.Describe(),
                t.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t.EffectiveTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", t.SetBy, t.Note);
        }

        if (table.Count == 0)
        {
            context.Output.WriteLine("No targets yet: outcomes targets set completion --at-least 0.5 --from 2026-01-01");
        }
        else
        {
            table.Write(context.Output);
        }

        return 0;
    }
}
