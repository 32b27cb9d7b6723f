using Outcomes.Cli.Console;
using Xunit;

namespace Outcomes.Cli.Tests.Console;

/// <summary>A cell from data cannot forge a row, move the cursor or reorder the line of a printed table.</summary>
public sealed class TextTableTests
{
    public static readonly TheoryData<string, string> Hostile = new()
    {
        { "programs_a\n42  forged.csv  committed.csv", "programs_a␊42  forged.csv  committed.csv" },
        { "a\r\nb", "a␍␊b" },
        { "tab\there", "tab␉here" },
        { "nul\0", "nul␀" },
        { "\u001b[2J\u001b[1;1Hclear", "␛[2J␛[1;1Hclear" },
        { "del\u007f", "del␡" },
        { "next\u0085line", "next\\u0085line" },
        { "FAC\u202Eslx.exe", "FAC\\u202Eslx.exe" },
        { "isolate\u2066x\u2069", "isolate\\u2066x\\u2069" },
        { "mark\u200Fx", "mark\\u200Fx" },
        { "zero\u200Bwidth", "zero\\u200Bwidth" },
        { "line\u2028sep", "line\\u2028sep" },
        { "para\u2029sep", "para\\u2029sep" },
        { "bom\uFEFF", "bom\\uFEFF" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_control_or_format_character_in_a_cell_is_shown_as_a_visible_symbol_and_the_row_stays_one_line(string cell, string shown)
    {
        var table = new TextTable("batch", "file", "status");
        table.Add(1L, cell, "rejected");
        table.Add(2L, "sessions.csv", "committed");
        using var output = new StringWriter();

        table.Write(output);

        var lines = output.ToString().Split(Environment.NewLine)[..^1];
        Assert.Equal(4, lines.Length);
        Assert.Contains(shown, lines[2], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.DoesNotContain(line, c => char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator));
    }

    [Fact]
    public void A_lone_surrogate_is_shown_as_an_escape_and_a_whole_pair_is_kept()
    {
        Assert.Equal("a\\uD800b", VisibleText.Of("a\uD800b"));
        Assert.Equal("a\\uDC00", VisibleText.Of("a\uDC00"));
        Assert.Equal("ok 😀 é", VisibleText.Of("ok 😀 é"));
    }

    [Fact]
    public void Plain_text_and_numbers_are_printed_as_before()
    {
        var table = new TextTable("file", "rows");
        table.Add("programs.csv", 1234);
        using var output = new StringWriter();

        table.Write(output);

        Assert.Equal(string.Join(Environment.NewLine, "file           rows", "------------  -----", "programs.csv  1,234", ""), output.ToString());
    }
}
