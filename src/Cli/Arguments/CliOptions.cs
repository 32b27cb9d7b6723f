using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Outcomes.Analytics.Periods;

namespace Outcomes.Cli.Arguments;

/// <summary>
/// Options whose values are checked while the command line is parsed (<see cref="ArgumentRules"/>): a value a
/// command cannot use is a parse error, reported as one line naming the option before anything runs, and the
/// command receives the value in its canonical form.
/// </summary>
internal static class CliOptions
{
    /// <summary>A period (month, quarter, year, trailing twelve months) from 1990 to next year, in its canonical form.</summary>
    public static Option<ReportingPeriod> Period(string name, string description, DateOnly today) =>
        Checked(name, $"{description} From {ReportingPeriod.EarliestYear} to {ArgumentRules.LatestDataYear(today)}.", required: true,
            text => ArgumentRules.Period(text, today));

    /// <summary>One month, YYYY-MM, from 1990 to next year.</summary>
    public static Option<ReportingPeriod> Month(string name, string description, DateOnly today) =>
        Checked(name, $"{description} From {ReportingPeriod.EarliestYear}-01 to {ArgumentRules.LatestDataYear(today)}-12.", required: true,
            text => ArgumentRules.Month(text, today));

    /// <summary>A calendar year from 1990 to next year.</summary>
    public static Option<int> Year(string name, string description, DateOnly today) =>
        Checked(name, $"{description} From {ReportingPeriod.EarliestYear} to {ArgumentRules.LatestDataYear(today)}.", required: true,
            text => ArgumentRules.Year(text, today));

    /// <summary>A day of data, YYYY-MM-DD, from 1990 to the end of next year; absent unless given.</summary>
    public static Option<DateOnly?> DataDay(string name, string description, DateOnly today) =>
        Checked<DateOnly?>(name, $"{description} From {ReportingPeriod.EarliestYear}-01-01 to {ArgumentRules.LatestDataYear(today)}-12-31.", required: false,
            text => ArgumentRules.DataDay(text, today));

    /// <summary>A planning day, YYYY-MM-DD, from 1990 to ten years ahead.</summary>
    public static Option<DateOnly?> PlanningDay(string name, string description, DateOnly today, bool required) =>
        Checked<DateOnly?>(name, $"{description} From {ReportingPeriod.EarliestYear}-01-01 to {today.Year + ArgumentRules.PlanningYearsAhead}-12-31.", required,
            text => ArgumentRules.PlanningDay(text, today));

    /// <summary>Free text: one line, 1 to <paramref name="maxLength"/> characters, no control or invisible formatting characters.</summary>
    public static Option<string?> Text(string name, string description, bool required, int maxLength = ArgumentRules.MaxTextLength) =>
        Checked<string?>(name, string.Create(CultureInfo.InvariantCulture, $"{description} One line of at most {maxLength:N0} characters."), required,
            text => ArgumentRules.Text(text, maxLength));

    /// <summary>A facility id as the data contract writes it.</summary>
    public static Option<string?> Facility(string description) =>
        Checked<string?>("--facility", description, required: false, ArgumentRules.Identifier);

    /// <summary>A counsellor's staff code (<see cref="ArgumentRules.CounsellorCode"/>); absent unless given.</summary>
    public static Option<string?> Counsellor(string description) =>
        Checked<string?>("--counsellor", description, required: false, ArgumentRules.CounsellorCode);

    /// <summary>One of a fixed list of words.</summary>
    public static Option<string?> OneOf(string name, string description, IReadOnlyList<string> words, bool required, string? defaultValue = null)
    {
        var option = Checked<string?>(name, description, required, text => ArgumentRules.OneOf(text, words));
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<long> Whole(string name, string description, long min, long max, long? defaultValue = null)
    {
        var option = Checked(name, description, required: defaultValue is null, text => WholeNumber(text, min, max));
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }

        return option;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/> that fits an int.</summary>
    public static Option<int> Count(string name, string description, int min, int max, int? defaultValue = null)
    {
        var option = Checked(name, description, required: defaultValue is null, text => (int)WholeNumber(text, min, max));
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }

        return option;
    }

    /// <summary>An optional whole number (absent unless given).</summary>
    public static Option<long?> OptionalWhole(string name, string description, long min, long max) =>
        Checked<long?>(name, description, required: false, text => WholeNumber(text, min, max));

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/>; absent unless given.</summary>
    public static Option<double?> Number(string name, string description, double min, double max) =>
        Checked<double?>(name, description, required: false, text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value <= max
                ? value
                : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"expected a number from {min} to {max}.")));

    /// <summary>An id argument (a plan, a flag, a model): a whole number of at least 1.</summary>
    public static Argument<long> Id(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => Check(result, $"{name}", text => WholeNumber(text, 1, long.MaxValue)),
    };

    /// <summary>An optional id argument: a whole number of at least 1, or absent.</summary>
    public static Argument<long?> OptionalId(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result => result.Tokens.Count == 0 ? null : Check<long?>(result, name, text => WholeNumber(text, 1, long.MaxValue)),
    };

    /// <summary>Facility ids, repeatable; each as the data contract writes it.</summary>
    public static Option<string[]> Identifiers(string name, string description) => Many(name, description, ArgumentRules.Identifier);

    /// <summary>Words from a fixed list, repeatable.</summary>
    public static Option<string[]> Words(string name, string description, IReadOnlyList<string> words) =>
        Many(name, description, text => ArgumentRules.OneOf(text, words));

    private static Option<string[]> Many(string name, string description, Func<string, string> rule) => new(name)
    {
        Description = description,
        AllowMultipleArgumentsPerToken = true,
        CustomParser = result =>
        {
            var values = new List<string>();
            foreach (var token in result.Tokens)
            {
                try
                {
                    values.Add(rule(token.Value));
                }
                catch (FormatException ex)
                {
                    result.AddError($"{name}: {ex.Message}");
                    return [];
                }
            }

            return [.. values];
        },
    };

    /// <summary>An argument checked by <paramref name="rule"/>.</summary>
    public static Argument<string> CheckedArgument(string name, string description, Func<string, string> rule) => new(name)
    {
        Description = description,
        CustomParser = result => Check(result, name, rule),
    };

    /// <summary>An option whose single value <paramref name="rule"/> turns into <typeparamref name="T"/> or refuses.</summary>
    public static Option<T> Checked<T>(string name, string description, bool required, Func<string, T> rule) => new(name)
    {
        Description = description,
        Required = required,
        CustomParser = result => Check(result, name, rule),
    };

    private static T? Check<T>(ArgumentResult result, string name, Func<string, T> rule)
    {
        if (result.Tokens.Count != 1)
        {
            result.AddError($"{name}: expected one value.");
            return default;
        }

        try
        {
            return rule(result.Tokens[0].Value);
        }
        catch (FormatException ex)
        {
            result.AddError($"{name}: {ex.Message}");
            return default;
        }
    }

    private static long WholeNumber(string text, long min, long max) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException(max == long.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"expected a whole number of at least {min}.")
                : string.Create(CultureInfo.InvariantCulture, $"expected a whole number from {min:N0} to {max:N0}."));
}
