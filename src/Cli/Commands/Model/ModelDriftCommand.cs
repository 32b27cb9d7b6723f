using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Model;

/// <summary><c>outcomes model drift [ID]</c>: feature drift per month of admissions since training; exit code 3 on a marked shift.</summary>
internal static class ModelDriftCommand
{
    /// <summary>What <c>outcomes model drift</c> was asked for: a model (default: the promoted one).</summary>
    internal sealed record Settings(long? ModelId);

    public static Command Create(CliContext context)
    {
        var id = CliOptions.OptionalId("id", "The model id (default: the promoted model).");
        var drift = new Command("drift", "Feature drift: the population stability index of each feature, per month of admissions since training.") { id };
        drift.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(id)), ct));
        return drift;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var (modelId, through) = await ModelCommand.ModelAndDataThroughAsync(dataSource, settings.ModelId, ct);
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
    }
}
