using System.CommandLine;
using Outcomes.Cli.Console;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes demo</c>: the whole pipeline on the sample drop folder in the repository, with no configuration:
/// start the database, migrate, ingest (bad sample rows land in quarantine), show what happened.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("demo", "Run the pipeline end to end on the sample drop folder (samples/drop).");
        command.SetAction(async (_, ct) =>
        {
            var samples = LocateSamples();
            context.Output.WriteLine($"Outcomes demo: ingesting the sample drop folder {Path.GetRelativePath(Directory.GetCurrentDirectory(), samples)}");
            await using var dataSource = await context.OpenDatabaseAsync(ct);
            var result = await new FolderIngestor(dataSource, context.Logger)
                .IngestAsync(samples, new IngestOptions { Today = context.Today }, new ProgressPrinter(System.Console.Error), ct);
            IngestCommand.Print(context.Output, result);
            context.Output.WriteLine();
            context.Output.WriteLine("Run it again: every file is recognised by its SHA-256 and skipped, so nothing changes.");
            context.Output.WriteLine("Next: 'outcomes quarantine list' shows each rejected sample row with its line and reason.");
            return 0;
        });
        return command;
    }

    private static string LocateSamples()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "drop");
                if (File.Exists(Path.Combine(dir.FullName, "Outcomes.sln")) && Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("The sample drop folder samples/drop was not found; run the demo from the Outcomes repository.");
    }
}
