namespace Outcomes.Cli.Arguments;

/// <summary>
/// An argument the command cannot use, found after parsing (two options that exclude each other, a value another
/// one bounds). The program prints the message as one line and ends with <see cref="ExitCode"/>, like a parse error.
/// </summary>
internal sealed class UsageException(string message) : Exception(message)
{
    /// <summary>The exit code of every usage error: a value or option the command cannot take.</summary>
    public const int ExitCode = 2;
}
