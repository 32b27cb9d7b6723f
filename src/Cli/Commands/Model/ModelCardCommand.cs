using System.CommandLine;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Model;

/// <summary><c>outcomes model card ID [--out FILE]</c>: the model card kept with a model.</summary>
internal static class ModelCardCommand
{
    /// <summary>What <c>outcomes model card</c> was asked for: the model, and a file to write (default: the screen).</summary>
    internal sealed record Settings(long ModelId, string? Out);

    public static Command Create(CliContext context)
    {
        var id = CliOptions.Id("id", "The model id (see 'outcomes model list').");
        var output = new Option<string?>("--out") { Description = "Write the card to this Markdown file instead of the screen." };
        var card = new Command("card", "The model card kept with a model: intended use, data, predictors, performance, groups, limitations (TRIPOD+AI).") { id, output };
        card.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(id), parse.GetValue(output)), ct));
        return card;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        var text = await new ModelRegistry(dataSource).LoadCardAsync(settings.ModelId, ct)
            ?? throw new InvalidOperationException($"model: {settings.ModelId} does not exist or has no card (see 'outcomes model list').");
        if (settings.Out is { } path)
        {
            await File.WriteAllTextAsync(path, text, ct);
            context.Output.WriteLine($"Model card written to {path}.");
        }
        else
        {
            context.Output.Write(text);
        }

        return 0;
    }
}
