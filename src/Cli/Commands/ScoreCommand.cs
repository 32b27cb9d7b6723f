using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.Runs;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes score</c> (also <c>outcomes model score</c>): score the patients in care and raise flags for the highest risks.</summary>
internal static class ScoreCommand
{
    /// <summary>More new flags in 7 days than a quality team could follow up is a typing error, not a plan.</summary>
    private const int MaxCapacity = 1000;

    /// <summary>
    /// What <c>outcomes score</c> was asked for: the day (default: the latest in the data), the capacity in any 7 days
    /// (per facility, or per so many patients in care at each facility), and the risk below which no flag is raised.
    /// </summary>
    internal sealed record Settings(DateOnly? Date, int Capacity, double RiskFloor = FlagStore.DefaultRiskFloor, int? PerPatientsInCare = null);

    public static Command Create(CliContext context)
    {
        var date = CliOptions.DataDay("--date", "Score the patients in care on this day, YYYY-MM-DD (default: the latest admission or discharge date).", context.Today);
        var capacity = CliOptions.Count("--capacity",
            $"New flags a facility's quality team can follow up in any 7 days, 0 to {MaxCapacity}: the highest risks are flagged.", 0, MaxCapacity, 10);
        var floor = CliOptions.Number("--risk-floor",
            string.Create(CultureInfo.InvariantCulture, $"No flag below this risk, 0 to 1 (default {FlagStore.DefaultRiskFloor:F2}, a {FlagStore.DefaultRiskFloor * 100:0}% risk), whatever the capacity left."), 0, 1);
        var perPatients = CliOptions.OptionalWhole("--per-patients-in-care",
            "Scale each facility's capacity by its census: --capacity new flags for every this many patients in IOP or PHP care on the day, rounded down, at least 1.", 1, 100_000);
        var score = new Command("score", "Score every IOP and PHP patient in care with the promoted model and raise flags for the highest risks per facility, with reasons.")
        {
            date, capacity, floor, perPatients,
        };
        score.SetAction((parse, ct) => RunAsync(context,
            new Settings(parse.GetValue(date), parse.GetValue(capacity), parse.GetValue(floor) ?? FlagStore.DefaultRiskFloor, (int?)parse.GetValue(perPatients)), ct));
        return score;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var day = settings.Date
            ?? await DataThrough.LatestAsync(dataSource, ct)
            ?? throw new InvalidOperationException("There are no episodes to score yet: ingest a drop folder first.");
        var capacity = new FlagCapacity(settings.Capacity, settings.PerPatientsInCare);
        var result = await new RiskScorer(dataSource).ScoreAsync(day, capacity, settings.RiskFloor, ct);
        context.Output.WriteLine($"Model {result.ModelId} scored {result.Scored:N0} patients in care on {day:yyyy-MM-dd}; {result.Raised:N0} new flags, {result.Flags.Count:N0} on the worklist.");
        if (capacity.PerPatientsInCare is not null)
        {
            foreach (var (facility, (patients, flags)) in result.Capacities.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                context.Output.WriteLine($"{facility}: {patients:N0} patients in care, capacity {flags:N0} new flags in any {FlagStore.CapacityDays} days.");
            }
        }
        foreach (var skipped in result.NotScored)
        {
            context.Output.WriteLine($"{skipped.Patients:N0} not scored: {skipped.Reason}");
        }

        var table = new TextTable("flag", "facility", "rank", "episode key", "risk", "raised", "status", "reasons");
        foreach (var flag in result.Flags)
        {
            table.Add(flag.FlagId, flag.FacilityId, flag.Rank, flag.EpisodeKey, flag.Probability.ToString("P0", CultureInfo.InvariantCulture),
                flag.IsNew ? "new" : flag.RaisedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), flag.Status,
                string.Join("; ", flag.Reasons));
        }

        table.Write(context.Output);
        foreach (var facility in result.Flags.Select(f => f.FacilityId).Distinct())
        {
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{facility}: about {result.ExpectedPrecision(facility):P0} of these patients are expected to leave care unplanned within the horizon without follow-up (the mean of their risks)."));
        }

        context.Output.WriteLine("Episode keys are surrogates: the source ids behind them are in the restricted identity table. Review a flag with: outcomes flags review FLAG --status acknowledged --role counsellor");
        return 0;
    }
}
