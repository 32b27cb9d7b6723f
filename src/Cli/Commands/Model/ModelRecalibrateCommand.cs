using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.DropoutModel;

namespace Outcomes.Cli.Commands.Model;

/// <summary><c>outcomes model recalibrate [ID]</c>: check a model's calibration and store a recalibrated candidate when it drifted.</summary>
internal static class ModelRecalibrateCommand
{
    /// <summary>What <c>outcomes model recalibrate</c> was asked for: a model (default: the promoted one).</summary>
    internal sealed record Settings(long? ModelId, bool PromoteIfBetter);

    public static Command Create(CliContext context)
    {
        var id = CliOptions.OptionalId("id", "The model id (default: the promoted model).");
        var promoteIfBetter = new Option<bool>("--promote-if-better") { Description = "Promote the recalibrated model when it is at least as good as the promoted one." };
        var recalibrate = new Command("recalibrate", "Check the model's calibration on its recalibration slice (patients new since its training); when it has drifted, store a candidate recalibrated on that slice, judged for promotion on another.")
        {
            id, promoteIfBetter,
        };
        recalibrate.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(id), parse.GetValue(promoteIfBetter)), ct));
        return recalibrate;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var (modelId, through) = await ModelCommand.ModelAndDataThroughAsync(dataSource, settings.ModelId, ct);
        var outcome = await new RecalibrateIfDrifted(dataSource).RunAsync(modelId, through, settings.PromoteIfBetter, ct);
        var check = outcome.Check;
        if (check.TooFew)
        {
            context.Output.WriteLine($"Model {modelId}: {check.Rows:N0} snapshots ({check.Events:N0} unplanned discharges) with a known outcome in its recalibration slice (patients first admitted since its training cut-off, set aside for it): too few to judge its calibration (at least {Recalibrator.MinimumRows}).");
            return 0;
        }

        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Model {modelId} on {check.Rows:N0} snapshots of its recalibration slice (patients first admitted since its training cut-off, never trained, tested or compared on): calibration slope {check.Slope:F2} (target {Recalibrator.SlopeLow}–{Recalibrator.SlopeHigh}), intercept {check.Intercept:F2} (target within ±{Recalibrator.InterceptTolerance})."));
        if (outcome.CandidateId is not { } candidate || check.Fitted is not { } fitted)
        {
            context.Output.WriteLine("Calibration holds: nothing to do.");
            return 0;
        }

        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Calibration has drifted: stored candidate {candidate}, the same model with logit(p') = {fitted.Intercept:F3} + {fitted.Slope:F3} · logit(p)."));
        return outcome.Promotion is { } promotion ? ModelCommand.PrintPromotion(context.Output, promotion) : 0;
    }
}
