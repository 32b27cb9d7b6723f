using System.CommandLine;
using System.Globalization;
using Dapper;
using Outcomes.Cli.Arguments;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Runs;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.DropoutModel;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes model train | list | score | promote | retire</c>: the early-dropout model and its registry.</summary>
internal static class ModelCommand
{
    /// <summary>More new flags a week than a quality team could follow up is a typing error, not a plan.</summary>
    private const int MaxCapacity = 1000;

    public static Command Create(CliContext context)
    {
        var model = new Command("model", "Train, list, promote and retire early-dropout risk models.");

        var horizon = CliOptions.Count("--horizon-days", "Predict an unplanned discharge within this many days (7 to 365).", 7, 365, SnapshotQuery.DefaultHorizonDays);
        var promoteIfBetter = new Option<bool>("--promote-if-better") { Description = "Promote the new model when it is at least as good as the promoted one on the same recent admissions (the weekly retraining)." };
        var train = new Command("train", "Train on landmark snapshots (days 7, 14, 21, 28) of past episodes, earlier admissions train and later ones test; store the model as a candidate.")
        {
            horizon, promoteIfBetter,
        };
        train.SetAction(async (parse, ct) =>
        {
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var outcome = await new TrainAndPromote(dataSource).RunAsync(
                new TrainingRequest
                {
                    HorizonDays = parse.GetValue(horizon),
                    Promotion = parse.GetValue(promoteIfBetter) ? PromotionRule.IfAtLeastAsGood : PromotionRule.Never,
                },
                (snapshots, through) => context.Output.WriteLine($"Building features for {snapshots:N0} snapshots (data through {through:yyyy-MM-dd}) ..."),
                ct);
            if (outcome is not { Result: { } result, ModelId: { } id })
            {
                throw new InvalidOperationException("There are no episodes to train on yet: ingest a drop folder first.");
            }

            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Trained on {result.TrainingRows:N0} snapshots of admissions before {result.TrainedThroughAdmission:yyyy-MM-dd}; tested on {result.TestRows:N0} later ones (dropout rate {result.TestDropoutRate:P1})."));
            var table = new TextTable("model", "AUROC (95% CI)", "AUPRC (95% CI)", "Brier", "calibration slope", "intercept");
            foreach (var e in result.Evaluations)
            {
                table.Add(e.Model,
                    string.Create(CultureInfo.InvariantCulture, $"{e.Auroc:F3} ({e.AurocInterval.Lower:F3}–{e.AurocInterval.Upper:F3})"),
                    string.Create(CultureInfo.InvariantCulture, $"{e.AveragePrecision:F3} ({e.AveragePrecisionInterval.Lower:F3}–{e.AveragePrecisionInterval.Upper:F3})"),
                    e.Brier?.ToString("F4", CultureInfo.InvariantCulture) ?? "–",
                    e.CalibrationSlope?.ToString("F2", CultureInfo.InvariantCulture) ?? "–",
                    e.CalibrationIntercept?.ToString("F2", CultureInfo.InvariantCulture) ?? "–");
            }

            table.Write(context.Output);
            context.Output.WriteLine("By group of patients (gradient-boosted model, test rows):");
            var groups = new TextTable("attribute", "group", "rows", "dropped out", "AUROC (95% CI)", "mean risk", "observed (95% CI)", "note");
            foreach (var g in result.Subgroups)
            {
                groups.Add(g.Attribute, g.Group, g.Rows, g.Events,
                    g.TooSmall ? "too few to judge" : string.Create(CultureInfo.InvariantCulture, $"{g.Auroc:F3} ({g.AurocInterval!.Value.Lower:F3}–{g.AurocInterval.Value.Upper:F3})"),
                    g.MeanPredicted.ToString("P1", CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{g.Observed:P1} ({g.ObservedInterval.Lower:P1}–{g.ObservedInterval.Upper:P1})"),
                    g.Miscalibrated ? "risk off the observed rate" : "");
            }

            groups.Write(context.Output);
            context.Output.WriteLine($"Stored as candidate model {id}.");
            if (outcome.Promotion is not { } promotion)
            {
                context.Output.WriteLine($"Promote it with: outcomes model promote {id}");
                return 0;
            }

            return PrintPromotion(context.Output, promotion);
        });

        var list = new Command("list", "List the models in the registry.");
        list.SetAction(async (_, ct) =>
        {
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var table = new TextTable("id", "status", "horizon", "trained on admissions before", "data through", "training rows", "test rows", "AUROC", "created");
            foreach (var m in await new ModelRegistry(dataSource).ListAsync(ct))
            {
                table.Add(m.ModelId, m.Status.ToText(), $"{m.HorizonDays} d", m.TrainedThroughAdmission.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    m.DataThrough.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.TrainingRows, m.TestRows,
                    m.Auroc?.ToString("F3", CultureInfo.InvariantCulture), m.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }

            if (table.Count == 0)
            {
                context.Output.WriteLine("No models yet: outcomes model train");
            }
            else
            {
                table.Write(context.Output);
            }

            return 0;
        });

        model.Subcommands.Add(train);
        model.Subcommands.Add(list);
        model.Subcommands.Add(Score(context));
        model.Subcommands.Add(Promote(context));
        model.Subcommands.Add(Drift(context));
        model.Subcommands.Add(Card(context));
        model.Subcommands.Add(Recalibrate(context));
        model.Subcommands.Add(StatusChange(context, "retire", "Retire a model: it no longer scores patients but stays in the registry.", (r, id, ct) => r.RetireAsync(id, ct), "retired", "does not exist or is already retired"));
        return model;
    }

    /// <summary><c>outcomes score</c> (also <c>outcomes model score</c>): score the patients in care and raise the week's flags.</summary>
    public static Command Score(CliContext context)
    {
        var date = CliOptions.DataDay("--date", "Score the patients in care on this day, YYYY-MM-DD (default: the latest admission or discharge date).", context.Today);
        var capacity = CliOptions.Count("--capacity",
            $"New flags a facility's quality team can follow up per week (Monday to Sunday), 0 to {MaxCapacity}: the highest risks are flagged.", 0, MaxCapacity, 10);
        var score = new Command("score", "Score every IOP and PHP patient in care with the promoted model and raise flags for the highest risks per facility, with reasons.")
        {
            date, capacity,
        };
        score.SetAction(async (parse, ct) =>
        {
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            DateOnly day;
            if (parse.GetValue(date) is { } given)
            {
                day = given;
            }
            else
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                day = await DataThrough.LatestAsync(connection, ct)
                    ?? throw new InvalidOperationException("There are no episodes to score yet: ingest a drop folder first.");
            }

            var result = await new RiskScorer(dataSource).ScoreAsync(day, parse.GetValue(capacity), ct);
            context.Output.WriteLine($"Model {result.ModelId} scored {result.Scored:N0} patients in care on {day:yyyy-MM-dd}; {result.Raised:N0} new flags, {result.Flags.Count:N0} on the worklist.");
            var table = new TextTable("flag", "facility", "rank", "episode key", "risk", "raised", "status", "reasons");
            foreach (var flag in result.Flags)
            {
                table.Add(flag.FlagId, flag.FacilityId, flag.Rank, flag.EpisodeKey, flag.Probability.ToString("P0", CultureInfo.InvariantCulture),
                    flag.IsNew ? "new" : flag.RaisedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), flag.Status,
                    flag.Reasons.Count == 0 ? "(no single warning sign; the combination raises the risk)" : string.Join("; ", flag.Reasons));
            }

            table.Write(context.Output);
            foreach (var facility in result.Flags.Select(f => f.FacilityId).Distinct())
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{facility}: about {result.ExpectedPrecision(facility):P0} of these patients are expected to leave care unplanned within the horizon without follow-up (the mean of their risks)."));
            }

            context.Output.WriteLine("Episode keys are surrogates: the source ids behind them are in the restricted identity table. Review a flag with: outcomes flags review FLAG --status acknowledged --role counsellor");
            return 0;
        });
        return score;
    }

    private static Command Recalibrate(CliContext context)
    {
        var id = CliOptions.OptionalId("id", "The model id (default: the promoted model).");
        var promoteIfBetter = new Option<bool>("--promote-if-better") { Description = "Promote the recalibrated model when it is at least as good as the promoted one." };
        var recalibrate = new Command("recalibrate", "Check the model's calibration on admissions since its training; when it has drifted, store a recalibrated candidate.")
        {
            id, promoteIfBetter,
        };
        recalibrate.SetAction(async (parse, ct) =>
        {
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var (modelId, through) = await ModelAndDataThroughAsync(dataSource, parse.GetValue(id), ct);
            var outcome = await new RecalibrateIfDrifted(dataSource).RunAsync(modelId, through, parse.GetValue(promoteIfBetter), ct);
            var check = outcome.Check;
            if (check.TooFew)
            {
                context.Output.WriteLine($"Model {modelId}: {check.Rows:N0} snapshots ({check.Events:N0} unplanned discharges) with a known outcome since its training: too few to judge its calibration (at least {Recalibrator.MinimumRows}).");
                return 0;
            }

            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Model {modelId} on {check.Rows:N0} snapshots of admissions since its training: calibration slope {check.Slope:F2} (target {Recalibrator.SlopeLow}–{Recalibrator.SlopeHigh}), intercept {check.Intercept:F2} (target within ±{Recalibrator.InterceptTolerance})."));
            if (outcome.CandidateId is not { } candidate || check.Fitted is not { } fitted)
            {
                context.Output.WriteLine("Calibration holds: nothing to do.");
                return 0;
            }

            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Calibration has drifted: stored candidate {candidate}, the same model with logit(p') = {fitted.Intercept:F3} + {fitted.Slope:F3} · logit(p)."));
            return outcome.Promotion is { } promotion ? PrintPromotion(context.Output, promotion) : 0;
        });
        return recalibrate;
    }

    private static Command Card(CliContext context)
    {
        var id = CliOptions.Id("id", "The model id (see 'outcomes model list').");
        var output = new Option<string?>("--out") { Description = "Write the card to this Markdown file instead of the screen." };
        var card = new Command("card", "The model card kept with a model: intended use, data, predictors, performance, groups, limitations (TRIPOD+AI).") { id, output };
        card.SetAction(async (parse, ct) =>
        {
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var text = await new ModelRegistry(dataSource).LoadCardAsync(parse.GetValue(id), ct)
                ?? throw new InvalidOperationException($"model: {parse.GetValue(id)} does not exist or has no card (see 'outcomes model list').");
            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, text, ct);
                context.Output.WriteLine($"Model card written to {path}.");
            }
            else
            {
                context.Output.Write(text);
            }

            return 0;
        });
        return card;
    }

    /// <summary>The model named, or the promoted one; and the day the data are complete through.</summary>
    private static async Task<(long ModelId, DateOnly Through)> ModelAndDataThroughAsync(Npgsql.NpgsqlDataSource dataSource, long? named, CancellationToken ct)
    {
        var found = await ModelUnderReview.FindAsync(dataSource, named, ct);
        var modelId = found.ModelId ?? throw new InvalidOperationException("No model is promoted: name one (see 'outcomes model list').");
        var through = found.DataThrough ?? throw new InvalidOperationException("There are no episodes yet: ingest a drop folder first.");
        return (modelId, through);
    }

    private static Command Drift(CliContext context)
    {
        var id = CliOptions.OptionalId("id", "The model id (default: the promoted model).");
        var drift = new Command("drift", "Feature drift: the population stability index of each feature, per month of admissions since training.") { id };
        drift.SetAction(async (parse, ct) =>
        {
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var (modelId, through) = await ModelAndDataThroughAsync(dataSource, parse.GetValue(id), ct);
            var months = await new DriftCheck(dataSource).CheckAsync(modelId, through, ct);
            var table = new TextTable("admitted in", "snapshots", "largest shift", "PSI", "features shifted (PSI 0.1 or more)");
            foreach (var m in months)
            {
                var (feature, psi) = m.Features.MaxBy(f => f.Psi);
                table.Add(m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.Snapshots, feature, psi.ToString("F3", CultureInfo.InvariantCulture),
                    m.TooFew
                        ? $"too few snapshots to judge (fewer than {DriftCheck.MinimumSnapshots})"
                        : string.Join(", ", m.Features.Where(f => f.Psi >= PopulationStability.Moderate).OrderByDescending(f => f.Psi)
                            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Feature} {f.Psi:F2}"))));
            }

            if (table.Count == 0)
            {
                context.Output.WriteLine($"No admissions after model {modelId}'s training cut-off yet.");
                return 0;
            }

            context.Output.WriteLine($"Model {modelId}: feature drift against its training rows (PSI below {PopulationStability.Moderate} stable, above {PopulationStability.Marked} a marked shift).");
            table.Write(context.Output);
            var marked = months.Where(m => !m.TooFew && m.Largest > PopulationStability.Marked).Select(m => m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
            if (marked.Count > 0)
            {
                context.Output.WriteLine($"WARNING: marked shift in {string.Join(", ", marked)}: check the model's calibration on these patients and retrain (outcomes model train --promote-if-better).");
                return 3;
            }

            return 0;
        });
        return drift;
    }

    private static Command Promote(CliContext context)
    {
        var id = CliOptions.Id("id", "The candidate's model id (see 'outcomes model list').");
        var force = new Option<bool>("--force") { Description = "Promote even when the candidate does worse than the promoted model on the same recent admissions." };
        var promote = new Command("promote", "Make a candidate the model that scores patients, when it is at least as good as the promoted one on the same recent admissions (the one before it is retired).")
        {
            id, force,
        };
        promote.SetAction(async (parse, ct) =>
        {
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            return PrintPromotion(context.Output, await new ModelPromotion(dataSource).PromoteAsync(parse.GetValue(id), parse.GetValue(force), ct));
        });
        return promote;
    }

    /// <summary>What became of a candidate, in the words of <c>outcomes model promote</c>; the exit code (2 when not promoted).</summary>
    private static int PrintPromotion(TextWriter output, PromotionOutcome outcome)
    {
        var id = outcome.CandidateId;
        var verdict = outcome.Verdict!;
        if (verdict.PromotedId is { } current && verdict.CandidateAuroc is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"On {verdict.Rows:N0} snapshots of recent admissions neither model trained on: model {id} AUROC {verdict.CandidateAuroc:F3}, Brier {verdict.CandidateBrier:F4}; promoted model {current} AUROC {verdict.PromotedAuroc:F3}, Brier {verdict.PromotedBrier:F4}."));
        }

        if (!outcome.Promoted && !outcome.NotACandidate)
        {
            output.WriteLine($"Model {id} stays a candidate: {verdict.Reason}. (--force promotes it anyway.)");
            return 2;
        }

        if (outcome.NotACandidate)
        {
            output.WriteLine($"Model {id} is not a candidate.");
            return 2;
        }

        output.WriteLine($"Model {id} promoted ({verdict.Reason}{(outcome.Forced ? "; forced" : "")}).");
        return 0;
    }

    private static Command StatusChange(
        CliContext context, string name, string description, Func<ModelRegistry, long, CancellationToken, Task<bool>> change, string done, string refused)
    {
        var id = CliOptions.Id("id", "The model id (see 'outcomes model list').");
        var command = new Command(name, description) { id };
        command.SetAction(async (parse, ct) =>
        {
            await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
            var modelId = parse.GetValue(id);
            if (await change(new ModelRegistry(dataSource), modelId, ct))
            {
                context.Output.WriteLine($"Model {modelId} {done}.");
                return 0;
            }

            context.Output.WriteLine($"Model {modelId} {refused}.");
            return 2;
        });
        return command;
    }
}
