using System.CommandLine;
using Outcomes.Cli;
using Outcomes.Cli.Commands;

using var context = new CliContext(Console.Out, TimeProvider.System);
var root = new RootCommand("Outcomes: how patients of intensive outpatient (IOP) and partial hospitalization (PHP) programs actually do.");
root.Subcommands.Add(DemoCommand.Create(context));
root.Subcommands.Add(DbCommands.Create(context));
root.Subcommands.Add(IngestCommand.Create(context));
root.Subcommands.Add(GenerateCommand.Create(context));
root.Subcommands.Add(ImportCommand.Create(context));
root.Subcommands.Add(AnalyzeCommand.Create(context));
root.Subcommands.Add(TargetsCommand.Create(context));
root.Subcommands.Add(ActionsCommand.Create(context));
root.Subcommands.Add(ModelCommand.Create(context));
root.Subcommands.Add(ModelCommand.Score(context));
root.Subcommands.Add(ReportCommand.Create(context));
root.Subcommands.Add(ReportCommand.CreateAuditPack(context));
root.Subcommands.Add(AnnualReviewCommand.Create(context));
root.Subcommands.Add(FlagCommands.Create(context));
root.Subcommands.Add(QuarantineCommand.Create(context));
root.Subcommands.Add(BatchesCommand.Create(context));
root.Subcommands.Add(AccessCommands.Access(context));
root.Subcommands.Add(AccessCommands.Audit(context));
root.Subcommands.Add(ServeCommand.Create(context));
root.Subcommands.Add(ServeCommand.Status(context));
root.Subcommands.Add(BenchCommand.Create(context));

try
{
    // Our own handler below prints one clear line; the library's would print a stack trace.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration
    {
        EnableDefaultExceptionHandler = false,
        // On Ctrl+C or SIGTERM a command is cancelled and given this long to stop cleanly (the job server's shutdown).
        ProcessTerminationTimeout = TimeSpan.FromSeconds(60),
    });
}
catch (Exception ex) when (ex is InvalidOperationException or DirectoryNotFoundException or Npgsql.NpgsqlException)
{
    // Outages and configuration problems: one clear line, no stack trace, never the connection string.
    Console.Error.WriteLine($"outcomes: {ex.Message}");
    return 1;
}
