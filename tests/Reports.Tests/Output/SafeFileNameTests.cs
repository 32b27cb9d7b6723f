using Outcomes.Reports.Output;
using Xunit;

namespace Outcomes.Reports.Tests.Output;

/// <summary>An identifier from data becomes one file name inside its folder, and different identifiers different names.</summary>
public sealed class SafeFileNameTests
{
    public static readonly TheoryData<string> Hostile = new()
    {
        "../x", "Z/../../../../victim", "/etc", ".", "..", "...", "a\\b", "a\0b", "\0", "a\nb", "\r\n", "a\tb", "",
        " ", "CON", "con", "NUL", "com1", "LPT9", "CON.txt", "aux.tar.gz", ".hidden", "a..b", "a.", "a/", "~", "C:",
        "C:\\Windows", "\\\\server\\share", new string('x', 300), new string('.', 300), "FAC\u202Eslx.exe", "FAC\u200B01",
        "ＦＡＣ01", "FАC01", "fac01\uFF0F..\uFF0F..", "e\u0301", "\u00E9", "\uD800", "\uDC00x", "😀", "a b", "$(rm -rf ~)",
        "a-0123456789abcdef",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_identifier_becomes_one_plain_name_that_stays_in_its_folder(string id)
    {
        var name = SafeFileName.From(id);

        Assert.True(SafeFileName.IsSafe(name), name);
        Assert.InRange(name.Length, 1, SafeFileName.MaxLength);
        Assert.Matches("^[A-Za-z0-9_-][A-Za-z0-9._-]*$", name);
        Assert.DoesNotContain("..", name, StringComparison.Ordinal);
        Assert.False(name.EndsWith('.'));
        Assert.DoesNotContain(name.Split('.')[0].ToUpperInvariant(), new[] { "CON", "PRN", "AUX", "NUL", "COM1", "LPT9" });
        var folder = Path.Combine(Path.GetTempPath(), "outcomes-output");
        Assert.Equal(Path.Combine(folder, name), OutputFolder.Inside(folder, name));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_changed_identifier_carries_a_hash_of_the_original_so_it_is_never_the_same_as_another(string id)
    {
        var name = SafeFileName.From(id);

        Assert.NotEqual(id, name);
        Assert.Matches("-[0-9a-f]{16}$", name);
        Assert.Equal(name, SafeFileName.From(id));
    }

    [Theory]
    [InlineData("FAC01")]
    [InlineData("north-clinic_2")]
    [InlineData("v1.2")]
    [InlineData("2026-Q3")]
    public void A_plain_identifier_is_kept_as_it_is(string id)
    {
        Assert.Equal(id, SafeFileName.From(id));
    }

    [Theory]
    [InlineData("a/b", "a_b")]
    [InlineData("a/b", "a\\b")]
    [InlineData("a b", "a_b")]
    [InlineData("FAC01", "ＦＡＣ01")]
    [InlineData("FAC01", "FАC01")]
    [InlineData("CON", "con")]
    [InlineData("e\u0301", "\u00E9")]
    [InlineData("", " ")]
    public void Two_identifiers_that_clean_to_the_same_text_get_different_names(string one, string other)
    {
        Assert.NotEqual(SafeFileName.From(one), SafeFileName.From(other));
    }

    [Fact]
    public void Two_lone_surrogates_get_different_names()
    {
        // Not as theory data: xunit carries theory strings as UTF-8, which turns every lone surrogate into U+FFFD.
        Assert.NotEqual(SafeFileName.From("\uD800"), SafeFileName.From("\uDC00"));
        Assert.NotEqual(SafeFileName.From("a\uD800"), SafeFileName.From("a\uFFFD"));
    }

    [Fact]
    public void An_identifier_that_looks_like_another_ones_cleaned_name_gets_a_name_of_its_own()
    {
        var cleaned = SafeFileName.From("a/b");

        Assert.NotEqual(cleaned, SafeFileName.From(cleaned));
    }

    [Fact]
    public void Long_identifiers_that_share_their_first_characters_get_different_names()
    {
        var prefix = new string('x', 200);

        var one = SafeFileName.From(prefix + "1");
        var other = SafeFileName.From(prefix + "2");

        Assert.NotEqual(one, other);
        Assert.Equal(SafeFileName.MaxLength, one.Length);
    }
}
