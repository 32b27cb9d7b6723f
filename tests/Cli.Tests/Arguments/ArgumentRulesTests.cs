using Outcomes.Cli.Arguments;
using Xunit;

namespace Outcomes.Cli.Tests.Arguments;

public sealed class ArgumentRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 6);

    [Theory]
    [InlineData("program director", "program director")]
    [InlineData("  Front   Desk Lead ", "front desk lead")]
    [InlineData("clinical supervisor", "clinical supervisor")]
    [InlineData("quality lead", "quality lead")]
    [InlineData("director", "director")]
    [InlineData("IOP nurse manager", "iop nurse manager")]
    public void An_owner_role_made_of_role_words_is_kept_in_lower_case_single_spaced(string text, string role) =>
        Assert.Equal(role, ArgumentRules.OwnerRole(text));

    [Theory]
    [InlineData("John Smith")]
    [InlineData("Smith")]
    [InlineData("Dr. Smith")]
    [InlineData("director John")]
    [InlineData("Jane Doe, program director")]
    [InlineData("program director\nJohn Smith")]
    [InlineData("program")]
    [InlineData("")]
    [InlineData("lead lead lead lead lead lead")]
    public void An_owner_role_holding_a_word_that_is_not_a_role_word_is_refused_without_repeating_it(string text)
    {
        var error = Assert.Throws<FormatException>(() => ArgumentRules.OwnerRole(text));

        Assert.Contains("never a person's name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Smith", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("carriage\rreturn")]
    [InlineData("tab\there")]
    [InlineData("nul\0byte")]
    [InlineData("\u001b[31mred")]
    [InlineData("\u202Eright-to-left override")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("line\u2028separator")]
    [InlineData("   ")]
    [InlineData("")]
    public void Free_text_with_a_control_or_invisible_character_or_nothing_in_it_is_refused(string text) =>
        Assert.Throws<FormatException>(() => ArgumentRules.Text(text));

    [Fact]
    public void Free_text_is_trimmed_and_kept_up_to_its_length_and_accents_and_emoji_are_plain_text()
    {
        Assert.Equal("Réunion d'équipe 👍", ArgumentRules.Text("  Réunion d'équipe 👍 "));
        Assert.Equal(new string('x', 2000), ArgumentRules.Text(new string('x', 2000)));
        Assert.Throws<FormatException>(() => ArgumentRules.Text(new string('x', 2001)));
    }

    [Theory]
    [InlineData("2026-Q3", "2026-Q3")]
    [InlineData("2027", "2027")]
    [InlineData("12m:1990-12", "12m:1990-12")]
    public void A_period_up_to_next_year_is_taken(string text, string label) =>
        Assert.Equal(label, ArgumentRules.Period(text, Today).Label);

    [Theory]
    [InlineData("2028")]
    [InlineData("2028-01")]
    [InlineData("12m:2028-01")]
    [InlineData("2100")]
    [InlineData("1989")]
    public void A_period_outside_1990_to_next_year_is_refused_naming_the_range(string text) =>
        Assert.StartsWith("expected a period from 1990 to 2027", Assert.Throws<FormatException>(() => ArgumentRules.Period(text, Today)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("2026-10")]
    [InlineData("2026-q3")]
    public void A_month_is_one_month_written_yyyy_mm(string text)
    {
        if (text == "2026-10")
        {
            Assert.Equal("2026-10", ArgumentRules.Month(text, Today).Label);
        }
        else
        {
            Assert.Throws<FormatException>(() => ArgumentRules.Month(text, Today));
        }
    }

    [Theory]
    [InlineData("1990-01-01", true)]
    [InlineData("2027-12-31", true)]
    [InlineData("1989-12-31", false)]
    [InlineData("2028-01-01", false)]
    [InlineData("0001-01-01", false)]
    [InlineData("9999-12-31", false)]
    [InlineData("2026-02-29", false)]
    [InlineData("2026-1-1", false)]
    [InlineData("2026-10-01\n", false)]
    [InlineData("２０２６-１０-０１", false)]
    public void A_day_of_data_lies_from_1990_to_the_end_of_next_year(string text, bool taken)
    {
        if (taken)
        {
            Assert.Equal(DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ArgumentRules.DataDay(text, Today));
        }
        else
        {
            Assert.Throws<FormatException>(() => ArgumentRules.DataDay(text, Today));
        }
    }

    [Fact]
    public void A_planning_day_may_lie_up_to_ten_years_ahead()
    {
        Assert.Equal(new DateOnly(2036, 12, 31), ArgumentRules.PlanningDay("2036-12-31", Today));
        Assert.Throws<FormatException>(() => ArgumentRules.PlanningDay("2037-01-01", Today));
    }

    [Theory]
    [InlineData("JD", true)]
    [InlineData("J.D.", true)]
    [InlineData("S-1042", true)]
    [InlineData("John Smith", false)]
    [InlineData("Smith", false)]
    [InlineData("", false)]
    public void A_reviewer_is_staff_initials_or_a_staff_id(string text, bool taken)
    {
        if (taken)
        {
            Assert.Equal(text, ArgumentRules.StaffReference(text));
        }
        else
        {
            Assert.Throws<FormatException>(() => ArgumentRules.StaffReference(text));
        }
    }

    [Theory]
    [InlineData("north", true)]
    [InlineData("FAC-01:a/b", true)]
    [InlineData("../north", false)]
    [InlineData("", false)]
    [InlineData("north\n", false)]
    [InlineData("north east", false)]
    public void A_facility_is_an_id_as_the_data_contract_writes_it(string text, bool taken)
    {
        if (taken)
        {
            Assert.Equal(text, ArgumentRules.Identifier(text));
        }
        else
        {
            Assert.Throws<FormatException>(() => ArgumentRules.Identifier(text));
        }
    }
}
