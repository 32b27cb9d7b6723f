using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.DropoutModel;

namespace Outcomes.Cli.Commands.Model;

/// <summary><c>outcomes model train</c>: train a candidate on landmark snapshots and show how it does.</summary>
internal static class ModelTrainCommand
{
    /// <summary>What <c>outcomes model train</c> was asked for.</summary>
    internal sealed record Settings(int HorizonDays, bool PromoteIfBetter);

    public static Command Create(CliContext context)
    {
        var horizon = CliOptions.Count("--horizon-days", "Predict an unplanned discharge within this many days (7 to 365).", 7, 365, SnapshotQuery.DefaultHorizonDays);
        var promoteIfBetter = new Option<bool>("--promote-if-better") { Description = "Promote the new model when it is at least as good as the promoted one on the same recent admissions (the weekly retraining)." };
        var train = new Command("train", "Train on landmark snapshots (days 7, 14, 21, 28) of past episodes, earlier admissions train and later ones test; store the model as a candidate.")
        {
            horizon, promoteIfBetter,
        };
        train.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(horizon), parse.GetValue(promoteIfBetter)), ct));
        return train;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var outcome = await new TrainAndPromote(dataSource).RunAsync(
            new TrainingRequest
            {
                HorizonDays = settings.HorizonDays,
                Promotion = settings.PromoteIfBetter ? PromotionRule.IfAtLeastAsGood : PromotionRule.Never,
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

        return ModelCommand.PrintPromotion(context.Output, promotion);
    }
}
