using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Outcomes.Benchmarks;

/// <summary>The benchmarks' options, checked while the command line is parsed: a size out of range is refused before anything runs.</summary>
internal static partial class BenchOptions
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, <paramref name="defaultValue"/> when absent.</summary>
    public static Option<long> Whole(string name, string description, long min, long max, long defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Check(result, name, text => WholeNumber(text, min, max)),
    };

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/> that fits an int, <paramref name="defaultValue"/> when absent.</summary>
    public static Option<int> Count(string name, string description, int min, int max, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Check(result, name, text => (int)WholeNumber(text, min, max)),
    };

    /// <summary>
    /// Two or more different whole numbers from <paramref name="min"/> to <paramref name="max"/>, separated by commas, in
    /// ascending order when used; <paramref name="defaultValue"/> when absent.
    /// </summary>
    public static Option<int[]> Counts(string name, string description, int min, int max, int[] defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Check(result, name, text =>
        {
            var values = text.Split(',').Select(part => (int)WholeNumber(part.Trim(), min, max)).Distinct().Order().ToArray();
            return values.Length >= 2 ? values : throw new FormatException("expected two different sizes at least, separated by commas.");
        }),
    };

    /// <summary>A file to write, absent unless given.</summary>
    public static Option<string?> OutputFile(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => Check<string?>(result, name, text => text.Length > 0 && text.IndexOfAny(['\0']) < 0
            ? text
            : throw new FormatException("expected a file path.")),
    };

    /// <summary>A facility id as the data contract writes it; absent unless given.</summary>
    public static Option<string?> Facility(string description) => new("--facility")
    {
        Description = description,
        CustomParser = result => Check<string?>(result, "--facility", text => ContractId().IsMatch(text)
            ? text
            : throw new FormatException("expected an id as the data contract writes it: 1 to 64 letters, digits and . _ : / -, starting with a letter or digit.")),
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
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"expected a whole number from {min:N0} to {max:N0}."));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}\z")]
    private static partial Regex ContractId();
}
