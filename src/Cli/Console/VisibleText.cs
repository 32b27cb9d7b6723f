using System.Globalization;
using System.Text;

namespace Outcomes.Cli.Console;

/// <summary>
/// Text from data (a file name, a reason, a summary) as the terminal should show it: every character that could move
/// the cursor, start a new line, reorder what follows or hide itself is shown as a visible symbol instead, so a name
/// cannot forge a line of a table or reverse its neighbours. C0 controls become their U+2400 pictures (a line feed
/// is ␊, a tab ␉, ESC ␛), DEL is ␡; C1 controls, bidirectional and other format characters, line and paragraph
/// separators and lone surrogates become \uXXXX.
/// </summary>
internal static class VisibleText
{
    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(NeedsCare))
        {
            return text ?? "";
        }

        var visible = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                visible.Append(c).Append(text[++i]);
            }
            else if (c < '\u0020')
            {
                visible.Append((char)('\u2400' + c));
            }
            else if (c == '\u007F')
            {
                visible.Append('\u2421');
            }
            else if (NeedsCare(c))
            {
                visible.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                visible.Append(c);
            }
        }

        return visible.ToString();
    }

    private static bool NeedsCare(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
