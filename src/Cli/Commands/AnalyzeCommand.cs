using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes analyze --period 2026-10</c>: compute, store and summarise a period's outcome figures.</summary>
internal static class AnalyzeCommand
{
    /// <summary>What <c>outcomes analyze</c> was asked for.</summary>
    internal sealed record Settings(ReportingPeriod Period, string? Facility, DateOnly? DataThrough, int EarlyDropoutDays);

    public static Command Create(CliContext context)
    {
        var period = CliOptions.Period("--period", "2026-10 (month), 2026-Q3 (quarter), 2026 (year), 12m:2026-10 (trailing twelve months), 3m:2026-10 (rolling three months) or qtd:2026-11 (quarter to date).", context.Today);
        var facility = CliOptions.Facility("Only this facility (default: every facility, and all together).");
        var through = ReportOptions.DataThrough(context.Today);
        var earlyDays = CliOptions.Count("--early-dropout-days", "Early dropout: an unplanned discharge within this many days of admission (1 to 365).",
            1, 365, OutcomeDefinitions.DefaultEarlyDropoutDays);
        var command = new Command("analyze", "Compute the period's outcome figures (completion, dropout, retention, length of stay), store them as an analysis run, and print a summary.")
        {
            period, facility, through, earlyDays,
        };
        command.SetAction((parse, ct) => RunAsync(
            context, new Settings(parse.GetValue(period)!, parse.GetValue(facility), parse.GetValue(through), parse.GetValue(earlyDays)), ct));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        var policy = new SmallCellPolicy();
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var facility = await FacilitySpelling.StoredAsync(dataSource, settings.Facility, ct);
        var run = await AnalysisRuns.ComputeAsync(dataSource, policy, settings.Period, facility, settings.DataThrough, settings.EarlyDropoutDays, ct);
        Print(context.Output, run, policy);
        PrintJudgements(context.Output, TargetEvaluation.Judge(run, await new TargetStore(dataSource).ListAsync(ct), policy));
        return 0;
    }

    public static void Print(TextWriter output, AnalysisRun run, SmallCellPolicy policy)
    {
        output.WriteLine($"Outcomes for {run.Period.Label} ({run.Period.Start:yyyy-MM-dd} to {run.Period.End:yyyy-MM-dd}), data through {run.DataThrough:yyyy-MM-dd}");
        output.WriteLine($"Analysis run {run.RunId} (definitions v{run.DefinitionsVersion}; see docs/metrics.md)");
        var facilities = run.Figures.Select(f => f.FacilityId).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var facility in facilities)
        {
            output.WriteLine();
            output.WriteLine(facility == Figure.All ? "All facilities" : $"Facility {facility}");
            var table = new TextTable("level", "discharged", "completed", "dropout", "transfer", $"early dropout ({run.EarlyDropoutDays} d)", "median days in care", "in care day 90", "median stay");
            foreach (var level in new[] { OutcomeDefinitions.Iop, OutcomeDefinitions.Php, Figure.All })
            {
                var completion = run.Find("completion", facility, level).SingleOrDefault();
                if (completion is null)
                {
                    continue;
                }

                table.Add(
                    level == Figure.All ? "all" : level.ToUpperInvariant(),
                    policy.IsSmall(completion.N) ? policy.SmallCellText : completion.N.ToString("N0", CultureInfo.InvariantCulture),
                    Rate(completion),
                    Rate(run.Find("dropout", facility, level).SingleOrDefault()),
                    Rate(run.Find("transfer", facility, level).SingleOrDefault()),
                    Rate(run.Find("early_dropout", facility, level).SingleOrDefault()),
                    Days(run.Find("retention_median_days", facility, level).SingleOrDefault()),
                    Rate(run.Find("retention", facility, level, "day 90").SingleOrDefault()),
                    Days(run.Find("length_of_stay_days", facility, level).SingleOrDefault(), interquartile: true));
            }

            table.Write(output);
            foreach (var metric in new[] { "completion", "dropout", "early_dropout" })
            {
                if (run.Find(metric, facility, Figure.IopMinusPhp).SingleOrDefault() is { Estimate: { } d } difference)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  IOP minus PHP {metric.Replace('_', ' ')}: {d * 100:+0.0;-0.0} points (95% CI {difference.LowerBound * 100:+0.0;-0.0} to {difference.UpperBound * 100:+0.0;-0.0}){(difference.Suppressed ? " †" : "")}"));
                }
            }

            foreach (var metric in new[] { "completion", "dropout" })
            {
                if (run.Find($"{metric}_adjusted", facility, Figure.IopMinusPhp).SingleOrDefault() is { } adjusted)
                {
                    output.WriteLine(adjusted.Estimate is { } a
                        ? string.Create(CultureInfo.InvariantCulture,
                            $"  IOP minus PHP {metric} adjusted for case mix: {a * 100:+0.0;-0.0} points (95% CI {adjusted.LowerBound * 100:+0.0;-0.0} to {adjusted.UpperBound * 100:+0.0;-0.0})")
                        : $"  IOP minus PHP {metric} adjusted for case mix: {adjusted.Note}");
                }
            }

            if (run.Find("retention_logrank", facility, Figure.IopMinusPhp).SingleOrDefault() is { } logRank)
            {
                output.WriteLine($"  Retention IOP vs PHP (log-rank): {logRank.Note}");
            }
        }

        PrintMeasurementBasedCare(output, run);
        output.WriteLine();
        output.WriteLine($"Rates are shown with 95% intervals; † marks a figure resting on fewer than {policy.Threshold} patients (shown here, suppressed in exports).");
    }

    private static void PrintJudgements(TextWriter output, IReadOnlyList<TargetJudgement> judgements)
    {
        if (judgements.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Against targets: {judgements.Count(j => j.Verdict == TargetVerdict.Met)} met, {judgements.Count(j => j.Verdict == TargetVerdict.NotMet)} not met, {judgements.Count(j => j.Verdict == TargetVerdict.CannotTell)} cannot tell, {judgements.Count(j => j.Verdict == TargetVerdict.NotAssessable)} not assessable."));
        var table = new TextTable("metric", "group", "facility", "level", "verdict", "why");
        foreach (var j in judgements.OrderBy(j => j.Verdict).ThenBy(j => j.Target.Metric, StringComparer.Ordinal))
        {
            table.Add(j.Target.Metric, j.Figure?.Grouping, j.Figure?.FacilityId == Figure.All ? "all" : j.Figure?.FacilityId, j.Figure?.LevelOfCare,
                j.Verdict switch { TargetVerdict.Met => "met", TargetVerdict.NotMet => "not met", TargetVerdict.CannotTell => "cannot tell", _ => "not assessable" }, j.Reason);
        }

        table.Write(output);
    }

    /// <summary>
    /// The measurement-based-care, access and satisfaction figures of every facility together (docs/metrics.md), when the
    /// run has any: data contract v2's assessments, referrals and surveys.
    /// </summary>
    private static void PrintMeasurementBasedCare(TextWriter output, AnalysisRun run)
    {
        string[] levels = [OutcomeDefinitions.Iop, OutcomeDefinitions.Php];
        var instruments = run.Figures.Where(f => f.Metric == "score_coverage" && f.FacilityId == Figure.All).Select(f => f.Grouping).Distinct().Order(StringComparer.Ordinal).ToList();
        if (instruments.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Standardised scores, intake to last score, all facilities");
            var table = new TextTable("instrument", "level", "change measured", "mean change (points)", "reliably improved", "recovered", "deteriorated", "not on track");
            foreach (var instrument in instruments)
            {
                foreach (var level in levels)
                {
                    var coverage = run.Find("score_coverage", Figure.All, level, instrument).SingleOrDefault();
                    if (coverage is null)
                    {
                        continue;
                    }

                    table.Add(instrument, level.ToUpperInvariant(), Rate(coverage), Mean(run.Find("score_change", Figure.All, level, instrument).SingleOrDefault()),
                        Rate(run.Find("score_reliably_improved", Figure.All, level, instrument).SingleOrDefault()),
                        Rate(run.Find("score_recovered", Figure.All, level, instrument).SingleOrDefault()),
                        Rate(run.Find("score_deteriorated", Figure.All, level, instrument).SingleOrDefault()),
                        run.Find("not_on_track", Figure.All, level, instrument).SingleOrDefault() is { } track
                            ? track.Numerator is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n:0} of {track.Denominator:0}{(track.Suppressed ? " †" : "")}") : "no curve"
                            : "–");
                }
            }

            table.Write(output);
            foreach (var instrument in instruments)
            {
                if (run.Find("score_change", Figure.All, Figure.IopMinusPhp, instrument).SingleOrDefault() is { Estimate: { } crude } difference)
                {
                    var adjusted = run.Find("score_change_adjusted", Figure.All, Figure.IopMinusPhp, instrument).SingleOrDefault();
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  IOP minus PHP {instrument} change: {crude:+0.0;-0.0} points (95% CI {difference.LowerBound:+0.0;-0.0} to {difference.UpperBound:+0.0;-0.0}), adjusted for case mix and intake score: {(adjusted?.Estimate is { } a ? $"{a:+0.0;-0.0} points (95% CI {adjusted.LowerBound:+0.0;-0.0} to {adjusted.UpperBound:+0.0;-0.0})" : "not comparable")}"));
                }
            }
        }

        if (run.Find("admitted_within_7_days").Any())
        {
            output.WriteLine();
            output.WriteLine("Access, referrals of the period, all facilities (median days with 95% intervals)");
            var table = new TextTable("referred for", "admitted within 7 days", "referral to first contact", "first contact to admission", "referral to admission");
            foreach (var level in (string[])[.. levels, Figure.All])
            {
                if (run.Find("admitted_within_7_days", Figure.All, level).SingleOrDefault() is { } within)
                {
                    table.Add(level == Figure.All ? "all" : level.ToUpperInvariant(), Rate(within),
                        Days(run.Find("days_referral_to_first_contact", Figure.All, level).SingleOrDefault()),
                        Days(run.Find("days_first_contact_to_admission", Figure.All, level).SingleOrDefault()),
                        Days(run.Find("days_referral_to_admission", Figure.All, level).SingleOrDefault()));
                }
            }

            table.Write(output);
        }

        var surveys = run.Figures.Where(f => f.Metric == "satisfaction_mean" && f.FacilityId == Figure.All).Select(f => f.Grouping).Distinct().Order(StringComparer.Ordinal).ToList();
        if (surveys.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Satisfaction at discharge, all facilities");
            var table = new TextTable("survey", "level", "surveys", "mean score", "top box");
            foreach (var survey in surveys)
            {
                foreach (var level in (string[])[.. levels, Figure.All])
                {
                    if (run.Find("satisfaction_mean", Figure.All, level, survey).SingleOrDefault() is { } mean)
                    {
                        table.Add(survey, level == Figure.All ? "all" : level.ToUpperInvariant(), mean.N, Mean(mean, signed: false),
                            Rate(run.Find("satisfaction_top_box", Figure.All, level, survey).SingleOrDefault()));
                    }
                }
            }

            table.Write(output);
        }
    }

    private static string Mean(Figure? figure, bool signed = true) => figure?.Estimate is not { } estimate
        ? "–"
        : string.Create(CultureInfo.InvariantCulture,
            $"{(signed ? estimate.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : estimate.ToString("0.0", CultureInfo.InvariantCulture))} ({figure.LowerBound:0.0} to {figure.UpperBound:0.0}){(figure.Suppressed ? " †" : "")}");

    private static string Rate(Figure? figure) => figure?.Estimate is not { } estimate || double.IsNaN(estimate)
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{estimate * 100:0.0}% ({figure.LowerBound * 100:0}–{figure.UpperBound * 100:0}){(figure.Suppressed ? " †" : "")}");

    private static string Days(Figure? figure, bool interquartile = false) => figure?.Estimate is not { } estimate
        ? figure is null ? "–" : "not reached"
        : string.Create(CultureInfo.InvariantCulture,
            $"{estimate:0} ({(interquartile ? "IQR " : "")}{(figure.LowerBound is { } l ? l.ToString("0", CultureInfo.InvariantCulture) : "?")}–{(figure.UpperBound is { } u ? u.ToString("0", CultureInfo.InvariantCulture) : "?")}){(figure.Suppressed ? " †" : "")}");
}
