using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes targets set | list</c>: the program's own outcome targets (CARF 1.M); <c>outcomes analyze</c> judges
/// each run's figures against them.
/// </summary>
internal static class TargetsCommand
{
    public static Command Create(CliContext context)
    {
        var metric = new Argument<string>("metric") { Description = $"The figure: {string.Join(", ", TargetMetrics.Known.Keys)} (docs/metrics.md)." };
        var atLeast = new Option<double?>("--at-least") { Description = "The figure should be at least this (a share from 0 to 1, or days)." };
        var atMost = new Option<double?>("--at-most") { Description = "The figure should be at most this." };
        var facility = new Option<string?>("--facility") { Description = "Only this facility (default: every facility)." };
        var level = new Option<string?>("--level") { Description = "Only this level of care: op, iop, php, residential (default: every level)." };
        var group = new Option<string?>("--group") { Description = "The figure's group, e.g. \"day 90\" for retention (default: none)." };
        var from = new Option<string>("--from") { Description = "First day the target applies, YYYY-MM-DD.", Required = true };
        var to = new Option<string?>("--to") { Description = "Last day it applies, YYYY-MM-DD (default: until replaced)." };
        var note = new Option<string?>("--note") { Description = "Why this target (its source, the decision that set it)." };
        var set = new Command("set", "Add a target for a figure, from a day on; who set it is recorded.") { metric, atLeast, atMost, facility, level, group, from, to, note };
        set.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(atLeast) is null == parse.GetValue(atMost) is null)
            {
                throw new InvalidOperationException("targets set: give exactly one of --at-least and --at-most.");
            }

            if (parse.GetValue(level) is { } l && l is not ("op" or "iop" or "php" or "residential"))
            {
                throw new InvalidOperationException("--level: expected op, iop, php or residential.");
            }

            var target = new OutcomeTarget
            {
                Metric = parse.GetValue(metric)!,
                AtLeast = parse.GetValue(atLeast) is not null,
                Target = parse.GetValue(atLeast) ?? parse.GetValue(atMost)!.Value,
                FacilityId = parse.GetValue(facility),
                LevelOfCare = parse.GetValue(level),
                Grouping = parse.GetValue(group) ?? "",
                EffectiveFrom = Day("--from", parse.GetValue(from)!),
                EffectiveTo = parse.GetValue(to) is { } text ? Day("--to", text) : null,
                SetBy = Environment.UserName,
                Note = parse.GetValue(note),
            };
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var id = await new TargetStore(dataSource).AddAsync(target, ct);
            context.Output.WriteLine($"Target {id}: {target.Metric} {target.Describe()} from {target.EffectiveFrom:yyyy-MM-dd}{(target.EffectiveTo is { } end ? $" to {end:yyyy-MM-dd}" : "")}.");
            return 0;
        });

        var list = new Command("list", "List the targets with where and when they apply and who set them.");
        list.SetAction(async (_, ct) =>
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
        });

        return new Command("targets", "The program's outcome targets, which analyses judge their figures against.") { set, list };
    }

    public static void PrintJudgements(TextWriter output, IReadOnlyList<TargetJudgement> judgements)
    {
        if (judgements.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Against targets: {judgements.Count(j => j.Verdict == TargetVerdict.Met)} met, {judgements.Count(j => j.Verdict == TargetVerdict.NotMet)} not met, {judgements.Count(j => j.Verdict == TargetVerdict.NotAssessable)} not assessable."));
        var table = new TextTable("metric", "group", "facility", "level", "verdict", "why");
        foreach (var j in judgements.OrderBy(j => j.Verdict).ThenBy(j => j.Target.Metric, StringComparer.Ordinal))
        {
            table.Add(j.Target.Metric, j.Figure?.Grouping, j.Figure?.FacilityId == Figure.All ? "all" : j.Figure?.FacilityId, j.Figure?.LevelOfCare,
                j.Verdict switch { TargetVerdict.Met => "met", TargetVerdict.NotMet => "not met", _ => "not assessable" }, j.Reason);
        }

        table.Write(output);
    }

    private static DateOnly Day(string option, string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new InvalidOperationException($"{option}: expected a date as YYYY-MM-DD.");
}
