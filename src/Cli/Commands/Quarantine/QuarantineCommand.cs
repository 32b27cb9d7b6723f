using System.CommandLine;

namespace Outcomes.Cli.Commands.Quarantine;

/// <summary><c>outcomes quarantine</c>: rows that failed validation (<see cref="QuarantineListCommand"/>).</summary>
internal static class QuarantineCommand
{
    public static Command Create(CliContext context) => new("quarantine", "Rows that failed validation.")
    {
        QuarantineListCommand.Create(context),
    };
}
