using System.CommandLine;
using System.CommandLine.Invocation;
using Xunit;

namespace Outcomes.Cli.Tests.Documentation;

/// <summary>
/// Every <c>outcomes …</c> line in the code blocks of README.md and docs/*.md parses against the program's own command
/// tree (<see cref="CliRoot"/>, the parser settings the program uses): a renamed command or option, a value its rule
/// refuses or a required argument left out fails here, so the documents cannot drift from the program.
/// </summary>
public sealed class DocumentedCommandLineTests : IDisposable
{
    private readonly CliContext _context = new(TextWriter.Null, TimeProvider.System);

    public static TheoryData<string, string> Lines()
    {
        var lines = new TheoryData<string, string>();
        foreach (var (location, text) in DocumentedCommandLines.Written())
        {
            lines.Add(location, text);
        }

        return lines;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_documented_command_line_parses_with_the_real_parser(string location, string written)
    {
        var root = CliRoot.Create(_context);

        foreach (var arguments in DocumentedCommandLines.Expand(root, written))
        {
            var problems = Problems(root, arguments);
            Assert.True(problems is null, $"{location}: outcomes {string.Join(' ', arguments)}\n{problems}");
        }
    }

    [Fact]
    public void The_documents_show_the_command_lines_of_every_command_the_program_has()
    {
        var root = CliRoot.Create(_context);
        var written = DocumentedCommandLines.Written()
            .SelectMany(line => DocumentedCommandLines.Expand(root, line.Text))
            .Select(arguments => string.Join(' ', DocumentedCommandLines.CommandPath(CliRoot.Parse(root, arguments).CommandResult)))
            .ToHashSet(StringComparer.Ordinal);

        // Every top-level command is shown at least once (their subcommands may be shown as alternatives).
        var missing = root.Subcommands.Select(c => c.Name).Where(name => !written.Any(path => path == name || path.StartsWith(name + " ", StringComparison.Ordinal))).ToList();

        Assert.True(missing.Count == 0, $"commands no document shows: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData("analyze --perod 2026-10")]
    [InlineData("model promote | retire")]
    [InlineData("model card | drift")]
    [InlineData("report --month 2026-Q3 --out DIR")]
    [InlineData("db strat")]
    public void A_line_the_program_would_refuse_is_reported(string written)
    {
        var root = CliRoot.Create(_context);

        var refused = DocumentedCommandLines.Expand(root, written).Select(arguments => Problems(root, arguments)).Where(p => p is not null).ToList();

        Assert.NotEmpty(refused);
    }

    /// <summary>The parse errors of one argument list, or null when the program would run it.</summary>
    private static string? Problems(RootCommand root, string[] arguments)
    {
        var parse = CliRoot.Parse(root, arguments);
        if (parse.Errors.Count > 0 || parse.Action is ParseErrorAction)
        {
            return string.Join("\n", parse.Errors.Select(e => e.Message));
        }

        return parse.Action is null ? "no action: a command group without its subcommand" : null;
    }

    public void Dispose() => _context.Dispose();
}
