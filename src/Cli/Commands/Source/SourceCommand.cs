using System.CommandLine;

namespace Outcomes.Cli.Commands.Source;

/// <summary><c>outcomes source</c>: a center's own export layout, described by a source profile (<see cref="SourceCheckCommand"/>).</summary>
internal static class SourceCommand
{
    public static Command Create(CliContext context) => new("source", "A center's own export layout, described by a source profile.")
    {
        SourceCheckCommand.Create(context),
    };
}
