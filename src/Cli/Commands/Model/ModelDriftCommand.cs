using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Model;

/// <summary><c>outcomes model drift [ID]</c>: feature drift per month, training months beside the months after; exit code 3 on an alarm.</summary>
internal static class ModelDriftCommand
{
    /// <summary>What <c>outcomes model drift</c> was asked for: a model (default: the promoted one).</summary>
    internal sealed record Settings(long? ModelId);

    public static Command Create(CliContext context)
    {
        var id = CliOptions.OptionalId("id", "The model id (default: the promoted model).");
        var drift = new Command("drift", "Feature drift: the population stability index of each feature per month, against the training months' own.") { id };
        drift.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(id)), ct));
        return drift;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var (modelId, through) = await ModelCommand.ModelAndDataThroughAsync(dataSource, settings.ModelId, ct);
        var months = await new DriftCheck(dataSource).CheckAsync(modelId, through, ct);
        var table = new TextTable("month", "patients", "of", "largest shift", "PSI", "features above their alarm threshold");
        foreach (var m in months)
        {
            var largest = m.Features.MaxBy(f => f.Psi)!;
            table.Add(m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.Patients, m.Training ? "training" : "after", largest.Feature,
                largest.Psi.ToString("F3", CultureInfo.InvariantCulture),
                m.TooFew
                    ? $"too few patients to judge (fewer than {MonthDrift.MinimumPatients})"
                    : string.Join(", ", m.Features.Where(f => f.Drifted).OrderByDescending(f => f.Psi)
                        .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Feature} {f.Psi:F2} (threshold {f.Threshold:F2})"))));
        }

        if (!months.Any(m => !m.Training))
        {
            context.Output.WriteLine($"No admissions after model {modelId}'s training cut-off yet.");
            return 0;
        }

        context.Output.WriteLine($"Model {modelId}: feature drift against its training rows, one snapshot a patient a month, compared day by day with the training rows of the same landmark days (docs/metrics.md).");
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"A feature alarms above the largest PSI its own training months showed, and never below {PopulationStability.Moderate} (above {PopulationStability.Marked} when no training month had {MonthDrift.MinimumPatients} patients); the training months are shown as the reference noise."));
        table.Write(context.Output);
        var alarmed = months.Where(m => !m.Training && m.Alarm).Select(m => m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
        if (alarmed.Count > 0)
        {
            context.Output.WriteLine($"WARNING: drift beyond the training months' own in {string.Join(", ", alarmed)}: check the model's calibration on these patients and retrain (outcomes model train --promote-if-better).");
            return 3;
        }

        return 0;
    }
}
