using System.Globalization;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Contract.Files;
using Outcomes.Ingest.Validation;
using Xunit;

namespace Outcomes.Ingest.Tests.Validation;

/// <summary>Each field kind on the contract's own field definitions: what it accepts, stores and says when it cannot.</summary>
public sealed class FieldParserTests
{
    // Today is 2026-11-25; one day ahead is accepted.
    private static readonly DateOnly Latest = new(2026, 11, 26);

    // Ids

    [Theory]
    [InlineData("P1")]
    [InlineData("7")]
    [InlineData("mrn-0042.a_b:c/d")]
    [InlineData("SESSION:2026/01/05-0900")]
    public void Ids_of_letters_digits_and_the_five_punctuation_marks_starting_with_a_letter_or_digit_are_accepted(string id)
    {
        var (problem, values) = Parse(id, SessionsFile.Definition, "session_id");

        Assert.Null(problem);
        Assert.Equal(id, values.Text[0]);
    }

    [Theory]
    [InlineData("-P1")]
    [InlineData(".P1")]
    [InlineData("_P1")]
    [InlineData("/P1")]
    [InlineData("P 1")]
    [InlineData("P#1")]
    [InlineData("P,1")]
    [InlineData("Pé1")]
    [InlineData("John Smith")]
    [InlineData("123-45-6789 x")]
    public void Ids_with_other_characters_or_a_leading_punctuation_mark_are_rejected_without_repeating_them(string id)
    {
        var (problem, values) = Parse(id, SessionsFile.Definition, "session_id");

        Assert.Equal("expected an id of letters, digits and . _ : / - starting with a letter or digit", problem);
        Assert.DoesNotContain(id, problem, StringComparison.Ordinal);
        Assert.False(values.Has(0));
    }

    [Fact]
    public void Ids_are_trimmed_of_surrounding_spaces()
    {
        var (problem, values) = Parse("  P1 ", PatientsFile.Definition, "patient_id");

        Assert.Null(problem);
        Assert.Equal("P1", values.Text[0]);
    }

    [Fact]
    public void Ids_may_have_64_characters_but_not_65()
    {
        Assert.Null(Parse(new string('A', 64), SessionsFile.Definition, "session_id").Problem);
        Assert.Equal("is 65 characters long; at most 64 expected", Parse(new string('A', 65), SessionsFile.Definition, "session_id").Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Required_fields_that_are_empty_or_blank_are_rejected(string raw) =>
        Assert.Equal("is required but empty", Parse(raw, SessionsFile.Definition, "episode_id").Problem);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Optional_fields_that_are_empty_are_accepted_as_absent(string raw)
    {
        var (problem, values) = Parse(raw, EpisodesFile.Definition, "transferred_to_episode_id");

        Assert.Null(problem);
        Assert.False(values.Has(0));
    }

    // Dates

    [Theory]
    [InlineData("2026-01-05", 2026, 1, 5)]
    [InlineData(" 2024-02-29 ", 2024, 2, 29)]
    [InlineData("1990-01-01", 1990, 1, 1)]
    [InlineData("2026-11-25", 2026, 11, 25)]
    [InlineData("2026-11-26", 2026, 11, 26)]
    public void Dates_written_yyyy_mm_dd_from_1990_up_to_tomorrow_are_accepted(string raw, int year, int month, int day)
    {
        var (problem, values) = Parse(raw, SessionsFile.Definition, "session_date");

        Assert.Null(problem);
        Assert.Equal(new DateOnly(year, month, day), values.Date[0]);
    }

    [Theory]
    [InlineData("2026/01/05", "a value of 10 characters (digits and punctuation)")]
    [InlineData("05/01/2026", "a value of 10 characters (digits and punctuation)")]
    [InlineData("2026-1-5", "a value of 8 characters (digits and punctuation)")]
    [InlineData("20260105", "a value of 8 characters (digits and punctuation)")]
    [InlineData("2026-13-01", "a value of 10 characters (digits and punctuation)")]
    [InlineData("2026-02-29", "a value of 10 characters (digits and punctuation)")]
    [InlineData("2026-01-05T09:00", "a value of 16 characters (letters and digits)")]
    [InlineData("Jan 5 2026", "a value of 10 characters (letters and digits)")]
    [InlineData("yesterday", "a value of 9 characters (letters)")]
    public void Dates_in_any_other_form_or_that_do_not_exist_are_rejected_with_the_form_expected(string raw, string shape) =>
        Assert.Equal($"expected a date as YYYY-MM-DD, found {shape}", Parse(raw, SessionsFile.Definition, "session_date").Problem);

    [Theory]
    [InlineData("2026-11-27")]
    [InlineData("2036-01-01")]
    public void Dates_after_tomorrow_are_rejected_as_future(string raw) =>
        Assert.Equal("is in the future; expected a date on or before 2026-11-26", Parse(raw, SessionsFile.Definition, "session_date").Problem);

    [Theory]
    [InlineData("1989-12-31")]
    [InlineData("1900-01-01")]
    public void Dates_before_1990_are_rejected_as_no_date_of_care(string raw) =>
        Assert.Equal("is before 1990-01-01, which cannot be a date of care", Parse(raw, EpisodesFile.Definition, "admission_date").Problem);

    // Integers

    [Theory]
    [InlineData("1", 1)]
    [InlineData("720", 720)]
    [InlineData(" 90 ", 90)]
    public void Whole_numbers_within_the_range_are_accepted(string raw, long expected)
    {
        var (problem, values) = Parse(raw, SessionsFile.Definition, "scheduled_minutes");

        Assert.Null(problem);
        Assert.Equal(expected, values.Integer[0]);
    }

    [Theory]
    [InlineData("0", "a smaller number")]
    [InlineData("-30", "a negative number")]
    [InlineData("721", "a larger number")]
    [InlineData("99999999999", "a larger number")]
    public void Whole_numbers_outside_the_range_are_rejected_with_the_range_and_the_side_they_fall_on(string raw, string found) =>
        Assert.Equal($"expected a whole number from 1 to 720, found {found}", Parse(raw, SessionsFile.Definition, "scheduled_minutes").Problem);

    [Fact]
    public void A_number_out_of_range_that_could_be_a_record_number_is_not_repeated()
    {
        var problem = Parse("4471936", PatientsFile.Definition, "birth_year").Problem;

        Assert.Equal("expected a whole number from 1900 to 2100, found a larger number", problem);
        Assert.DoesNotContain("4471936", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12.5", "a value of 4 characters (digits and punctuation)")]
    [InlineData("1,000", "a value of 5 characters (digits and punctuation)")]
    [InlineData("ten", "a value of 3 characters (letters)")]
    [InlineData("60 min", "a value of 6 characters (letters and digits)")]
    public void Text_that_is_not_a_whole_number_is_rejected_with_its_shape(string raw, string shape) =>
        Assert.Equal($"expected a whole number, found {shape}", Parse(raw, SessionsFile.Definition, "scheduled_minutes").Problem);

    // Decimals

    [Theory]
    [InlineData("9", "9")]
    [InlineData("12.5", "12.5")]
    [InlineData("0", "0")]
    [InlineData("168", "168")]
    public void Decimal_numbers_within_the_range_are_accepted(string raw, string expected)
    {
        var (problem, values) = Parse(raw, ProgramsFile.Definition, "planned_hours_per_week");

        Assert.Null(problem);
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), values.Decimal[0]);
    }

    [Theory]
    [InlineData("168.5", "a larger number")]
    [InlineData("-1", "a negative number")]
    public void Decimal_numbers_outside_the_range_are_rejected_with_the_range(string raw, string found) =>
        Assert.Equal($"expected a number from 0 to 168, found {found}", Parse(raw, ProgramsFile.Definition, "planned_hours_per_week").Problem);

    [Theory]
    [InlineData("12,5", "a value of 4 characters (digits and punctuation)")]
    [InlineData("1e2", "a value of 3 characters (letters and digits)")]
    [InlineData("nine", "a value of 4 characters (letters)")]
    public void Text_that_is_not_a_decimal_number_is_rejected_with_an_example(string raw, string shape) =>
        Assert.Equal($"expected a number such as 12.5, found {shape}", Parse(raw, ProgramsFile.Definition, "planned_hours_per_week").Problem);

    [Fact]
    public void Decimal_numbers_longer_than_their_field_are_rejected_by_length() =>
        Assert.Equal("is 9 characters long; at most 8 expected", Parse("12.500000", ProgramsFile.Definition, "planned_hours_per_week").Problem);

    // Codes

    [Theory]
    [InlineData("no_show", "no_show")]
    [InlineData("No-Show", "no_show")]
    [InlineData("no show", "no_show")]
    [InlineData("NO SHOW", "no_show")]
    [InlineData(" Cancelled By Patient ", "cancelled_by_patient")]
    [InlineData("left-early", "left_early")]
    public void Codes_match_regardless_of_case_with_spaces_and_hyphens_as_underscores(string raw, string expected)
    {
        var (problem, values) = Parse(raw, SessionsFile.Definition, "status");

        Assert.Null(problem);
        Assert.Equal(expected, values.Code(0));
    }

    [Theory]
    [InlineData("yoga", "a value of 4 characters (letters)")]
    [InlineData("group, evening", "a value of 14 characters (letters)")]
    [InlineData("grp1", "a value of 4 characters (letters and digits)")]
    public void Unknown_codes_of_a_short_list_are_rejected_listing_every_code(string raw, string shape) =>
        Assert.Equal(
            $"expected one of group, individual, family, psychoeducation, medication_management, case_management; found {shape}",
            Parse(raw, SessionsFile.Definition, "kind").Problem);

    [Fact]
    public void Unknown_codes_of_a_long_list_are_rejected_pointing_at_the_data_contract() =>
        Assert.Equal(
            "expected a code from the primary_substance list in docs/data-contract.md (e.g. alcohol, cannabis, cocaine); found a value of 5 characters (letters)",
            Parse("crack", PatientsFile.Definition, "primary_substance").Problem);

    [Fact]
    public void Codes_that_only_resemble_a_code_are_rejected()
    {
        Assert.NotNull(Parse("no__show", SessionsFile.Definition, "status").Problem);
        Assert.NotNull(Parse("noshow", SessionsFile.Definition, "status").Problem);
        Assert.NotNull(Parse("attended.", SessionsFile.Definition, "status").Problem);
    }

    // Yes / no / unknown

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Y", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("no", false)]
    [InlineData("n", false)]
    [InlineData("False", false)]
    [InlineData("0", false)]
    public void Yes_and_no_are_accepted_in_their_usual_spellings(string raw, bool expected)
    {
        var (problem, values) = Parse(raw, EpisodesFile.Definition, "medication_for_addiction_treatment");

        Assert.Null(problem);
        Assert.True(values.Has(0));
        Assert.Equal(expected, values.Flag[0]);
    }

    [Fact]
    public void Unknown_is_stored_as_absent_where_the_field_allows_it()
    {
        var (problem, values) = Parse("Unknown", PatientsFile.Definition, "co_occurring_disorder");

        Assert.Null(problem);
        Assert.False(values.Has(0));
        Assert.Null(values.Flag[0]);
    }

    [Fact]
    public void Unknown_is_rejected_where_the_field_needs_yes_or_no() =>
        Assert.Equal(
            "expected yes or no; found a value of 7 characters (letters)",
            Parse("unknown", EpisodesFile.Definition, "medication_for_addiction_treatment").Problem);

    [Fact]
    public void Other_answers_are_rejected_naming_the_answers_expected()
    {
        Assert.Equal("expected yes or no; found a value of 5 characters (letters)", Parse("maybe", FamilyContactsFile.Definition, "attended").Problem);
        Assert.Equal("expected yes, no or unknown; found a value of 5 characters (letters)", Parse("maybe", PatientsFile.Definition, "co_occurring_disorder").Problem);
        Assert.Equal("expected yes or no; found a value of 1 characters (digits and punctuation)", Parse("2", FamilyContactsFile.Definition, "attended").Problem);
    }

    // Code lists

    [Theory]
    [InlineData("cocaine", new[] { "cocaine" })]
    [InlineData("cocaine;Fentanyl", new[] { "cocaine", "fentanyl" })]
    [InlineData(" cocaine ; fentanyl ; xylazine ", new[] { "cocaine", "fentanyl", "xylazine" })]
    [InlineData("cocaine;COCAINE;cocaine", new[] { "cocaine" })]
    public void Code_lists_are_split_at_semicolons_matched_like_codes_without_repeats(string raw, string[] expected)
    {
        var (problem, values) = Parse(raw, DrugScreensFile.Definition, "substances");

        Assert.Null(problem);
        Assert.True(values.Has(0));
        Assert.Equal(expected, values.List[0]);
    }

    /// <summary>Red-team finding: "cocaine;;alcohol" loaded as two substances, hiding a value the export lost.</summary>
    [Theory]
    [InlineData("cocaine;;alcohol", 2)]
    [InlineData("cocaine;fentanyl;", 3)]
    [InlineData(";cocaine", 1)]
    [InlineData("cocaine; ;alcohol", 2)]
    [InlineData(";;", 1)]
    public void Code_lists_with_an_empty_item_are_rejected_naming_its_position(string raw, int position) =>
        Assert.Equal(
            $"expected a code from the substances list in docs/data-contract.md (e.g. alcohol, amphetamines, barbiturates), separated by ';'; item {position} is empty (two ';' in a row, or a ';' at the start or end)",
            Parse(raw, DrugScreensFile.Definition, "substances").Problem);

    [Theory]
    [InlineData("cocaine;crack", "item 2 is a value of 5 characters (letters)")]
    [InlineData("cocaine,fentanyl", "item 1 is a value of 16 characters (letters)")]
    [InlineData("k2", "item 1 is a value of 2 characters (letters and digits)")]
    public void Code_lists_with_an_unknown_item_are_rejected_naming_the_item_position(string raw, string item) =>
        Assert.Equal(
            $"expected a code from the substances list in docs/data-contract.md (e.g. alcohol, amphetamines, barbiturates), separated by ';'; {item}",
            Parse(raw, DrugScreensFile.Definition, "substances").Problem);

    // Free text

    [Theory]
    [InlineData("Adult IOP, evenings")]
    [InlineData("12-step OP")]
    [InlineData("The \"Bridge\" PHP")]
    [InlineData("Programa de día")]
    public void Free_text_is_kept_as_written(string raw)
    {
        var (problem, values) = Parse(raw, ProgramsFile.Definition, "name");

        Assert.Null(problem);
        Assert.Equal(raw, values.Text[0]);
    }

    [Theory]
    [InlineData("=1+2", '=')]
    [InlineData("+Adult IOP", '+')]
    [InlineData("-Adult IOP", '-')]
    [InlineData("@SUM(A1:A9)", '@')]
    [InlineData("  =cmd|' /C calc'!A0", '=')]
    public void Free_text_a_spreadsheet_would_run_as_a_formula_is_rejected_naming_the_character(string raw, char first) =>
        Assert.Equal(
            $"starts with '{first}', which a spreadsheet would run as a formula; remove the leading character",
            Parse(raw, ProgramsFile.Definition, "name").Problem);

    [Fact]
    public void Free_text_starting_with_a_tab_is_rejected_as_a_formula() =>
        Assert.Equal(
            "starts with 'tab', which a spreadsheet would run as a formula; remove the leading character",
            Parse("\tAdult IOP", ProgramsFile.Definition, "name").Problem);

    [Theory]
    [InlineData("Adult\nIOP")]
    [InlineData("Adult\tIOP")]
    [InlineData("Adult\u0007IOP")]
    public void Free_text_with_control_characters_inside_is_rejected(string raw) =>
        Assert.Equal(
            "contains control characters (tabs, line breaks or other invisible characters)",
            Parse(raw, ProgramsFile.Definition, "name").Problem);

    [Fact]
    public void Free_text_longer_than_its_field_is_rejected_by_length()
    {
        Assert.Null(Parse(new string('a', 200), ProgramsFile.Definition, "name").Problem);
        Assert.Equal("is 201 characters long; at most 200 expected", Parse(new string('a', 201), ProgramsFile.Definition, "name").Problem);
    }

    private static (string? Problem, RowValues Values) Parse(string raw, EntityDefinition entity, string field)
    {
        var values = new RowValues(1);
        return (FieldParser.Parse(raw, entity.Fields[entity.IndexOf(field)], 0, values, Latest), values);
    }
}
