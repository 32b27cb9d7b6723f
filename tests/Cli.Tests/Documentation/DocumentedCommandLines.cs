using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using System.Text.RegularExpressions;
using Outcomes.TestSupport;

namespace Outcomes.Cli.Tests.Documentation;

/// <summary>
/// The <c>outcomes …</c> command lines written in the fenced code blocks of README.md and docs/*.md, made into argument
/// lists the real parser can take: the comment after <c>#</c> and a shell redirection are dropped, optional parts in
/// <c>[…]</c> are kept, each alternative after <c>|</c> becomes a line of its own (a sibling of the first
/// alternative's command), and placeholders such as ID, DAY or DIR get a value of their kind.
/// </summary>
internal static partial class DocumentedCommandLines
{
    /// <summary>The values that stand in for the documents' placeholders.</summary>
    private static readonly Dictionary<string, string> Placeholders = new(StringComparer.Ordinal)
    {
        ["ID"] = "1",
        ["FLAG"] = "1",
        ["PLAN"] = "1",
        ["N"] = "100",
        ["TEXT"] = "call every patient who missed two groups",
        ["ROLE"] = "program director",
        ["DAY"] = "2026-01-01",
        ["YYYY-MM-DD"] = "2026-06-30",
        ["RATE"] = "0.002",
        ["FILE"] = "backup.file",
        ["DIR"] = "out",
        ["F"] = "FAC01",
        ["LOGIN"] = "director_north",
        ["SEQ:HASH"] = "1:" + new string('a', 64),
    };

    /// <summary>Where a line was written ("README.md:73") and the line as written, from its first word after "outcomes".</summary>
    public static IEnumerable<(string Location, string Text)> Written()
    {
        var root = RepositoryData.RepositoryRoot();
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            var inBlock = false;
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                var text = line.Trim();
                if (text.StartsWith("```", StringComparison.Ordinal))
                {
                    inBlock = !inBlock;
                    continue;
                }

                if (inBlock && Invocation().Match(text) is { Success: true } match)
                {
                    yield return ($"{Path.GetRelativePath(root, file)}:{number}", match.Groups["rest"].Value);
                }
            }
        }
    }

    /// <summary>The argument lists of one written line: one per alternative, placeholders filled in.</summary>
    public static IReadOnlyList<string[]> Expand(RootCommand root, string written)
    {
        var text = written;
        foreach (var end in new[] { " #", " < " })
        {
            if (text.IndexOf(end, StringComparison.Ordinal) is var at and >= 0)
            {
                text = text[..at];
            }
        }

        var alternatives = text.Split(" | ", StringSplitOptions.TrimEntries).Select(Tokens).ToList();
        var lines = new List<string[]> { alternatives[0] };
        if (alternatives.Count > 1)
        {
            var parent = CommandPath(CliRoot.Parse(root, alternatives[0]).CommandResult)[..^1];
            lines.AddRange(alternatives.Skip(1).Select(alternative => (string[])[.. parent, .. alternative]));
        }

        return lines;
    }

    /// <summary>The names from the root to <paramref name="command"/>, the root left out.</summary>
    public static string[] CommandPath(CommandResult command)
    {
        var path = new List<string>();
        for (var at = command; at is not null && at.Command is not RootCommand; at = at.Parent as CommandResult)
        {
            path.Insert(0, at.Command.Name);
        }

        return [.. path];
    }

    /// <summary>Words as a shell splits them (quotes group, brackets of optional parts dropped), placeholders filled in.</summary>
    private static string[] Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var started = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                started = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                Flush();
            }
            else if (c is not ('[' or ']'))
            {
                current.Append(c);
                started = true;
            }
        }

        Flush();
        return [.. tokens];

        void Flush()
        {
            if (started)
            {
                var token = current.ToString();
                tokens.Add(Placeholders.GetValueOrDefault(token, token));
            }

            current.Clear();
            started = false;
        }
    }

    [GeneratedRegex(@"^(\./)?outcomes(\s+(?<rest>.*))?$")]
    private static partial Regex Invocation();
}
