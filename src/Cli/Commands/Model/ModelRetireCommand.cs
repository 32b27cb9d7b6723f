using System.CommandLine;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Cli.Arguments;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Model;

/// <summary><c>outcomes model retire ID</c>: the model stops scoring patients but stays in the registry.</summary>
internal static class ModelRetireCommand
{
    /// <summary>What <c>outcomes model retire</c> was asked for.</summary>
    internal sealed record Settings(long ModelId);

    public static Command Create(CliContext context)
    {
        var id = CliOptions.Id("id", "The model id (see 'outcomes model list').");
        var command = new Command("retire", "Retire a model: it no longer scores patients but stays in the registry.") { id };
        command.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(id)), ct));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Analyst, ct);
        if (await new ModelRegistry(dataSource).RetireAsync(settings.ModelId, ct))
        {
            context.Output.WriteLine($"Model {settings.ModelId} retired.");
            return 0;
        }

        context.Output.WriteLine($"Model {settings.ModelId} does not exist or is already retired.");
        return 2;
    }
}
