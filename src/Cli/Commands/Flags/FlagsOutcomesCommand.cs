using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.Runs;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Flags;

/// <summary><c>outcomes flags outcomes</c>: how useful the flags were, per facility and month raised.</summary>
internal static class FlagsOutcomesCommand
{
    public static Command Create(CliContext context)
    {
        var usefulness = new Command("outcomes", "How useful the flags were, per facility and month raised: review, precision once the horizon has passed, patients retained after outreach, alert burden.");
        usefulness.SetAction((_, ct) => RunAsync(context, ct));
        return usefulness;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var through = await DataThrough.LatestAsync(dataSource, ct)
            ?? throw new InvalidOperationException("There are no episodes yet: ingest a drop folder first.");
        var rows = await new FlagStore(dataSource).UsefulnessAsync(through, ct);
        var table = new TextTable("month", "facility", "raised", "per week", "reviewed", "outreach", "dismissed", "matured", "left unplanned (precision)", "retained after outreach");
        foreach (var r in rows)
        {
            table.Add(r.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), r.FacilityId, r.Raised, r.FlagsPerWeek.ToString("F1", CultureInfo.InvariantCulture),
                r.Reviewed, r.OutreachDone, r.Dismissed, r.Matured,
                r.Precision is { } p ? string.Create(CultureInfo.InvariantCulture, $"{r.DroppedOut} ({p:P0})") : "–",
                r.RetainedAfterOutreachShare is { } k ? string.Create(CultureInfo.InvariantCulture, $"{r.RetainedAfterOutreach} of {r.MaturedWithOutreach} ({k:P0})") : "–");
        }

        if (table.Count == 0)
        {
            context.Output.WriteLine("No flags yet. Flags are raised by: outcomes score");
        }
        else
        {
            context.Output.WriteLine($"Data through {through:yyyy-MM-dd}; a flag has matured when its horizon has passed.");
            table.Write(context.Output);
        }

        return 0;
    }
}
