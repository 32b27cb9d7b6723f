using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Outcomes.Ingest.Tests.Fuzz;

/// <summary>
/// How many cases each fuzz property runs: a count sized so that all of them together stay near a minute and a
/// half in CI, or <c>OUTCOMES_FUZZ_CASES</c> cases each for a long run. Every property prints what it ran.
/// </summary>
internal static class FuzzCases
{
    public const string Variable = "OUTCOMES_FUZZ_CASES";

    public static int Count(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : ciDefault;

    /// <summary>
    /// Checks <paramref name="body"/> on <paramref name="cases"/> generated cases (off the test thread, since the
    /// property blocks on the database), throws FsCheck's report with the failing case and its replay seed, and
    /// prints how many cases ran and how long they took.
    /// </summary>
    public static async Task CheckAsync<T>(ITestOutputHelper output, string property, int cases, Arbitrary<T> arbitrary, Action<T> body)
    {
        var ran = 0;
        var clock = Stopwatch.StartNew();
        var config = Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true);
        try
        {
            await Task.Run(() => Check.One(config, Prop.ForAll(arbitrary, (T value) =>
            {
                Interlocked.Increment(ref ran);
                body(value);
            })));
        }
        finally
        {
            output.WriteLine(FormattableString.Invariant(
                $"{property}: {ran} cases run ({cases} asked, {Variable} sets it) in {clock.Elapsed.TotalSeconds:F1} s"));
        }
    }
}
