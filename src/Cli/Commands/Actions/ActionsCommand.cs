using System.CommandLine;

namespace Outcomes.Cli.Commands.Actions;

/// <summary><c>outcomes actions add | update | list</c>: the action-plan log for missed targets (CARF 1.N).</summary>
internal static class ActionsCommand
{
    public static Command Create(CliContext context) =>
        new("actions", "Action plans for missed targets: what was decided, who owns it, and what came of it.")
        {
            ActionsAddCommand.Create(context),
            ActionsUpdateCommand.Create(context),
            ActionsListCommand.Create(context),
        };
}
