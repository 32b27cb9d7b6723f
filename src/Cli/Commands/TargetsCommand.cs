using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes targets set | list</c>: the program's own outcome targets (CARF 1.M); <c>outcomes analyze</c> judges
/// each run's figures against them.
/// </summary>
internal static class TargetsCommand
{
    /// <summary>The largest target in days (length of stay, median days in care): ten years.</summary>
    private const double MaxDays = 3650;

    public static Command Create(CliContext context)
    {
        var today = context.Today;
        var metric = CliOptions.CheckedArgument("metric", $"The figure: {string.Join(", ", TargetMetrics.Known.Keys)} (docs/metrics.md).",
            text => ArgumentRules.OneOf(text, TargetMetrics.Known.Keys));
        var atLeast = CliOptions.Number("--at-least", string.Create(CultureInfo.InvariantCulture, $"The figure should be at least this (a share from 0 to 1, or days up to {MaxDays})."), 0, MaxDays);
        var atMost = CliOptions.Number("--at-most", "The figure should be at most this.", 0, MaxDays);
        var facility = CliOptions.Facility("Only this facility (default: every facility).");
        var level = CliOptions.OneOf("--level", "Only this level of care: op, iop, php, residential (default: every level).", ["op", "iop", "php", "residential"], required: false);
        var group = CliOptions.Checked<string?>("--group", "The figure's group, e.g. \"day 90\" for retention (default: none).", required: false, ArgumentRules.Label);
        var from = CliOptions.PlanningDay("--from", "First day the target applies, YYYY-MM-DD.", today, required: true);
        var to = CliOptions.PlanningDay("--to", "Last day it applies, YYYY-MM-DD (default: until replaced).", today, required: false);
        var note = CliOptions.Text("--note", "Why this target (its source, the decision that set it).", required: false);
        var set = new Command("set", "Add a target for a figure, from a day on; who set it is recorded.") { metric, atLeast, atMost, facility, level, group, from, to, note };
        set.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(atLeast) is null == parse.GetValue(atMost) is null)
            {
                throw new UsageException("targets set: give exactly one of --at-least and --at-most.");
            }

            if (TargetMetrics.IsShare(parse.GetValue(metric)!) && (parse.GetValue(atLeast) ?? parse.GetValue(atMost)) > 1)
            {
                throw new UsageException($"{(parse.GetValue(atLeast) is null ? "--at-most" : "--at-least")}: {parse.GetValue(metric)} is a share; expected a value from 0 to 1 (0.5 for 50%).");
            }

            if (parse.GetValue(to) < parse.GetValue(from))
            {
                throw new UsageException("--to: expected a day on or after --from.");
            }

            var target = new OutcomeTarget
            {
                Metric = parse.GetValue(metric)!,
                AtLeast = parse.GetValue(atLeast) is not null,
                Target = parse.GetValue(atLeast) ?? parse.GetValue(atMost)!.Value,
                FacilityId = parse.GetValue(facility),
                LevelOfCare = parse.GetValue(level),
                Grouping = parse.GetValue(group) ?? "",
                EffectiveFrom = parse.GetValue(from)!.Value,
                EffectiveTo = parse.GetValue(to),
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
}
