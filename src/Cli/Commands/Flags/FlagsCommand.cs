using System.CommandLine;

namespace Outcomes.Cli.Commands.Flags;

/// <summary><c>outcomes flags list | not-on-track | review | outcomes | export</c>: the quality team's work on early-dropout flags.</summary>
internal static class FlagsCommand
{
    public static Command Create(CliContext context) => new("flags", "Early-dropout risk flags: the worklist, its review, and how useful the flags were.")
    {
        FlagsListCommand.Create(context),
        FlagsNotOnTrackCommand.Create(context),
        FlagsReviewCommand.Create(context),
        FlagsOutcomesCommand.Create(context),
        FlagsExportCommand.Create(context),
    };
}
