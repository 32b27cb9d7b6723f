using System.CommandLine;
using Outcomes.Database.Embedded;

namespace Outcomes.Cli.Commands.Db;

/// <summary><c>outcomes db stop</c>: stop the embedded cluster cleanly.</summary>
internal static class DbStopCommand
{
    public static Command Create(CliContext context)
    {
        var stop = new Command("stop", "Stop the embedded cluster cleanly (open transactions roll back; data stays consistent).");
        stop.SetAction((_, ct) => RunAsync(context, ct));
        return stop;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        if (!DbCommand.ExternalServerNotice(context))
        {
            await EmbeddedCluster.ForProject(context.Logger).StopAsync(ct);
            context.Output.WriteLine("Embedded PostgreSQL is stopped.");
        }

        return 0;
    }
}
