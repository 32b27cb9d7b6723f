using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.Measurement.Tracking;
using Outcomes.Analytics.Runs;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Flags;

/// <summary>
/// <c>outcomes flags not-on-track</c>: beside the dropout flags, the patients in care whose latest standardised score lies
/// beyond their level's expected-recovery band (issue 26), with the curves; no identifiers (episodes by surrogate key).
/// </summary>
internal static class FlagsNotOnTrackCommand
{
    public static Command Create(CliContext context)
    {
        var facility = CliOptions.Facility("Only this facility's patients (and curves fitted on its episodes).");
        var command = new Command("not-on-track", "Patients in care whose latest PHQ-9, GAD-7 or PCL-5 score lies beyond the expected-recovery band of their level of care (no identifiers: episodes by surrogate key).") { facility };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(facility), ct));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, string? facility, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var day = await DataThrough.LatestAsync(dataSource, ct)
            ?? throw new InvalidOperationException("There are no episodes yet: ingest a drop folder first.");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var list = await NotOnTrack.ListAsync(connection, facility, day, ct);
        if (list.Curves.Count == 0)
        {
            context.Output.WriteLine("No standardised scores (assessments.csv) to track yet.");
            return 0;
        }

        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Expected-recovery curves on {day:yyyy-MM-dd} (completed episodes of the {NotOnTrack.CurveMonths} months before):"));
        var curves = new TextTable("level", "instrument", "episodes", "scores", "expected", "band", "patients in care assessed", "not on track");
        foreach (var fitted in list.Curves)
        {
            var assessed = list.Assessed.Where(a => a.Level == fitted.Level && a.Instrument == fitted.Instrument).Sum(a => a.Patients);
            var count = list.Patients.Count(p => p.Level == fitted.Level && p.Instrument == fitted.Instrument);
            curves.Add(fitted.Level.ToUpperInvariant(), fitted.Instrument,
                fitted.Curve?.Episodes.ToString(CultureInfo.InvariantCulture) ?? "–", fitted.Curve?.Scores.ToString(CultureInfo.InvariantCulture) ?? "–",
                fitted.Curve is { } c ? string.Create(CultureInfo.InvariantCulture, $"intake {c.Slope:+0.00;-0.00}·ln(weeks + 1)") : $"no curve: {fitted.Reason}",
                fitted.Curve is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b.LowerResidual:+0.0;-0.0} to {b.UpperResidual:+0.0;-0.0}") : "–",
                assessed, fitted.Curve is null ? "–" : count.ToString(CultureInfo.InvariantCulture));
        }

        curves.Write(context.Output);
        context.Output.WriteLine();
        if (list.Patients.Count == 0)
        {
            context.Output.WriteLine("No patient in care is off track.");
            return 0;
        }

        var table = new TextTable("facility", "level", "instrument", "episode", "week", "intake", "latest", "latest on", "expected band");
        foreach (var p in list.Patients)
        {
            table.Add(p.FacilityId, p.Level.ToUpperInvariant(), p.Instrument, p.EpisodeKey.ToString(CultureInfo.InvariantCulture), p.Week,
                p.Intake.ToString("0.#", CultureInfo.InvariantCulture), p.Latest.ToString("0.#", CultureInfo.InvariantCulture),
                p.LatestOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{p.Band.Lower:0.0} to {p.Band.Upper:0.0}"));
        }

        table.Write(context.Output);
        return 0;
    }
}
