using System.CommandLine;

namespace Outcomes.Cli.Commands.Access;

/// <summary><c>outcomes access add | remove | list</c>: who may act as which role, limited to which facilities.</summary>
internal static class AccessCommand
{
    public static Command Create(CliContext context) =>
        new("access", "Logins of staff and services: the Outcomes role each acts as and the facilities it may see (docs/security.md).")
        {
            AccessAddCommand.Create(context),
            AccessRemoveCommand.Create(context),
            AccessListCommand.Create(context),
        };
}
