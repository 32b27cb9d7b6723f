using System.CommandLine;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.DropoutModel;

namespace Outcomes.Cli.Commands.Model;

/// <summary><c>outcomes model promote ID [--force]</c>: make a candidate the model that scores patients.</summary>
internal static class ModelPromoteCommand
{
    /// <summary>What <c>outcomes model promote</c> was asked for.</summary>
    internal sealed record Settings(long ModelId, bool Force);

    public static Command Create(CliContext context)
    {
        var id = CliOptions.Id("id", "The candidate's model id (see 'outcomes model list').");
        var force = new Option<bool>("--force") { Description = "Promote even when the candidate does worse than the promoted model on the same recent admissions." };
        var promote = new Command("promote", "Make a candidate the model that scores patients, when it is at least as good as the promoted one on the same recent admissions (the one before it is retired).")
        {
            id, force,
        };
        promote.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(id), parse.GetValue(force)), ct));
        return promote;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        return ModelCommand.PrintPromotion(context.Output, await new ModelPromotion(dataSource).PromoteAsync(settings.ModelId, settings.Force, ct));
    }
}
