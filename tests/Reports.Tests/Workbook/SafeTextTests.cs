using Outcomes.Reports.Workbook;
using Xunit;

namespace Outcomes.Reports.Tests.Workbook;

public sealed class SafeTextTests
{
    [Theory]
    [InlineData("=SUM(A1:A9)")]
    [InlineData("+1")]
    [InlineData("-1+2")]
    [InlineData("@cmd")]
    [InlineData("\tx")]
    [InlineData("\rx")]
    public void Text_starting_like_a_formula_gets_a_leading_apostrophe(string text) =>
        Assert.Equal("'" + text, SafeText.Neutralise(text));

    [Theory]
    [InlineData("sessions.csv")]
    [InlineData("IOP minus PHP")]
    [InlineData("")]
    [InlineData("–")]
    public void Other_text_is_left_as_it_is(string text) => Assert.Equal(text, SafeText.Neutralise(text));
}
