using System.CommandLine;
using Outcomes.Cli.Commands;
using Outcomes.Cli.Commands.Access;
using Outcomes.Cli.Commands.Actions;
using Outcomes.Cli.Commands.Audit;
using Outcomes.Cli.Commands.Db;
using Outcomes.Cli.Commands.Flags;
using Outcomes.Cli.Commands.Model;
using Outcomes.Cli.Commands.Quarantine;
using Outcomes.Cli.Commands.Serve;
using Outcomes.Cli.Commands.Source;
using Outcomes.Cli.Commands.Targets;

namespace Outcomes.Cli;

/// <summary>The <c>outcomes</c> command tree, and how the program parses a command line against it.</summary>
internal static class CliRoot
{
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand(
            "Outcomes: how patients of intensive outpatient (IOP) and partial hospitalization (PHP) programs actually do. "
            + "Exit codes: 0 done; 1 refused or failed (the message says why); 2 an argument the command cannot use; "
            + "3 a file rejected or a marked drift; 70 a defect; 130 / 143 stopped by Ctrl+C / SIGTERM.");
        // Read before the parse (Program.cs, ConsoleLogs.Chosen); declared here so that every command accepts it and shows it.
        var logFormat = new Option<string?>(Outcomes.Jobs.Hosting.ConsoleLogs.FormatOption)
        {
            Description = "How the log on standard error is written: text (readable lines, the default) or json (one JSON object per line); "
                + "over OUTCOMES_LOG_FORMAT and the server's Jobs:LogFormat setting.",
            Recursive = true,
        };
        logFormat.AcceptOnlyFromAmong("text", "json", "plain");
        root.Options.Add(logFormat);
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(DbCommand.Create(context));
        root.Subcommands.Add(IngestCommand.Create(context));
        root.Subcommands.Add(SourceCommand.Create(context));
        root.Subcommands.Add(GenerateCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(AnalyzeCommand.Create(context));
        root.Subcommands.Add(TargetsCommand.Create(context));
        root.Subcommands.Add(ActionsCommand.Create(context));
        root.Subcommands.Add(ModelCommand.Create(context));
        root.Subcommands.Add(ScoreCommand.Create(context));
        root.Subcommands.Add(ReportCommand.Create(context));
        root.Subcommands.Add(AuditPackCommand.Create(context));
        root.Subcommands.Add(AnnualReviewCommand.Create(context));
        root.Subcommands.Add(FlagsCommand.Create(context));
        root.Subcommands.Add(QuarantineCommand.Create(context));
        root.Subcommands.Add(BatchesCommand.Create(context));
        root.Subcommands.Add(AccessCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        return root;
    }

    /// <summary>
    /// Parses as the program does. An argument such as "@notes.txt" is a value like any other: no response files, whose
    /// contents would become arguments nobody typed.
    /// </summary>
    public static ParseResult Parse(RootCommand root, IReadOnlyList<string> args) =>
        root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
}
