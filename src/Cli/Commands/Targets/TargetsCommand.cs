using System.CommandLine;

namespace Outcomes.Cli.Commands.Targets;

/// <summary>
/// <c>outcomes targets set | list | note</c>: the program's own outcome targets (CARF 1.M); <c>outcomes analyze</c> judges
/// each run's figures against them, and a note gives the annual review the written analysis of a target's year.
/// </summary>
internal static class TargetsCommand
{
    public static Command Create(CliContext context) =>
        new("targets", "The program's outcome targets, which analyses judge their figures against.")
        {
            TargetsSetCommand.Create(context),
            TargetsListCommand.Create(context),
            TargetsNoteCommand.Create(context),
        };
}
