using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Contract;

namespace Outcomes.Cli.Commands.Targets;

/// <summary><c>outcomes targets set METRIC (--at-least | --at-most) VALUE --from DAY</c>: add a target for a figure.</summary>
internal static class TargetsSetCommand
{
    /// <summary>The largest target in days (length of stay, median days in care): ten years.</summary>
    private const double MaxDays = 3650;

    /// <summary>What <c>outcomes targets set</c> was asked for; exactly one of <see cref="AtLeast"/> and <see cref="AtMost"/> is expected.</summary>
    internal sealed record Settings(
        string Metric, double? AtLeast, double? AtMost, string? Facility, string? Level, string? Group, DateOnly From, DateOnly? To, string? Note);

    public static Command Create(CliContext context)
    {
        var today = context.Today;
        var metric = CliOptions.CheckedArgument("metric", $"The figure: {string.Join(", ", TargetMetrics.Known.Keys)} (docs/metrics.md).",
            text => ArgumentRules.OneOf(text, TargetMetrics.Known.Keys));
        var atLeast = CliOptions.Number("--at-least", string.Create(CultureInfo.InvariantCulture, $"The figure should be at least this (a share from 0 to 1, or days up to {MaxDays})."), 0, MaxDays);
        var atMost = CliOptions.Number("--at-most", "The figure should be at most this.", 0, MaxDays);
        var facility = CliOptions.Facility("Only this facility (default: every facility).");
        var level = CliOptions.OneOf("--level", $"Only this level of care: {string.Join(", ", Codes.LevelOfCare)} (default: every level).", Codes.LevelOfCare, required: false);
        var group = CliOptions.Checked<string?>("--group", "The figure's group, e.g. \"day 90\" for retention (default: none).", required: false, ArgumentRules.Label);
        var from = CliOptions.PlanningDay("--from", "First day the target applies, YYYY-MM-DD.", today, required: true);
        var to = CliOptions.PlanningDay("--to", "Last day it applies, YYYY-MM-DD (default: until replaced).", today, required: false);
        var note = CliOptions.Text("--note", "Why this target (its source, the decision that set it).", required: false);
        var set = new Command("set", "Add a target for a figure, from a day on; who set it is recorded.") { metric, atLeast, atMost, facility, level, group, from, to, note };
        set.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(metric)!, parse.GetValue(atLeast), parse.GetValue(atMost), parse.GetValue(facility),
            parse.GetValue(level), parse.GetValue(group), parse.GetValue(from)!.Value, parse.GetValue(to), parse.GetValue(note)), ct));
        return set;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        if (settings.AtLeast is null == settings.AtMost is null)
        {
            throw new UsageException("targets set: give exactly one of --at-least and --at-most.");
        }

        if (TargetMetrics.IsShare(settings.Metric) && (settings.AtLeast ?? settings.AtMost) > 1)
        {
            throw new UsageException($"{(settings.AtLeast is null ? "--at-most" : "--at-least")}: {settings.Metric} is a share; expected a value from 0 to 1 (0.5 for 50%).");
        }

        if (settings.To < settings.From)
        {
            throw new UsageException("--to: expected a day on or after --from.");
        }

        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var target = new OutcomeTarget
        {
            Metric = settings.Metric,
            AtLeast = settings.AtLeast is not null,
            Target = settings.AtLeast ?? settings.AtMost!.Value,
            FacilityId = await FacilitySpelling.StoredAsync(dataSource, settings.Facility, ct),
            LevelOfCare = settings.Level,
            Grouping = settings.Group ?? "",
            EffectiveFrom = settings.From,
            EffectiveTo = settings.To,
            SetBy = Environment.UserName,
            Note = settings.Note,
        };
        var id = await new TargetStore(dataSource).AddAsync(target, ct);
        context.Output.WriteLine($"Target {id}: {target.Metric} {target.Describe()} from {target.EffectiveFrom:yyyy-MM-dd}{(target.EffectiveTo is { } end ? $" to {end:yyyy-MM-dd}" : "")}.");
        return 0;
    }
}
