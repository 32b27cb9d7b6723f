using System.CommandLine;
using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Model;

/// <summary><c>outcomes model list</c>: the models in the registry.</summary>
internal static class ModelListCommand
{
    public static Command Create(CliContext context)
    {
        var list = new Command("list", "List the models in the registry.");
        list.SetAction((_, ct) => RunAsync(context, ct));
        return list;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
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
    }
}
