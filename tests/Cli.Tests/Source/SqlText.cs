using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Outcomes.Cli.Tests.Source;

/// <summary>
/// Finds SQL statements written as text in C# source: every string literal (regular, verbatim, raw, and the text of
/// interpolated strings), as the compiler reads it, is matched against the shapes of SQL statements.
/// </summary>
internal static partial class SqlText
{
    /// <summary>The literals of <paramref name="source"/> that hold SQL, with their line numbers.</summary>
    public static IReadOnlyList<(int Line, string Text)> In(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var literals = root.DescendantNodes().Select(node => node switch
        {
            LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => (node, literal.Token.ValueText),
            // The text of an interpolated string with each hole as a word, so "select {x} from t" still reads as SQL.
            InterpolatedStringExpressionSyntax interpolated => (node, string.Concat(interpolated.Contents.Select(c =>
                c is InterpolatedStringTextSyntax text ? text.TextToken.ValueText : " value "))),
            _ => (node, (string?)null),
        });
        return [.. literals
            .Where(l => l.Item2 is not null && IsSql(l.Item2))
            .Select(l => (l.node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, l.Item2!))];
    }

    /// <summary>Whether <paramref name="text"/> has the shape of a SQL statement.</summary>
    public static bool IsSql(string text) => Statement().IsMatch(text);

    [GeneratedRegex("""
        \bselect\s[\s\S]*?\bfrom\s+[a-z_][a-z0-9_.]*(\s+[a-z_]\w*)?\s*(\b(where|order|group|limit|join|left|inner|cross|union)\b|;|\)|$)
        | ^\s*select\s
        | \binsert\s+into\b
        | \bupdate\s+[a-z_][a-z0-9_.]*\s+set\b
        | \bdelete\s+from\b
        | \b(create|drop|alter|truncate)\s+(table|database|role|index|schema|function|view|policy)\b
        | \b(grant|revoke)\s+\w+(\s*,\s*\w+)*\s+on\b
        | \bto_regclass\s*\(
        | \bcopy\s+\w+.*\bfrom\s+stdin\b
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Statement();
}
