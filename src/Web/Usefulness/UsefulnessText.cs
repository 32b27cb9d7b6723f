using System.Globalization;
using Outcomes.Analytics.Proportions;

namespace Outcomes.Web.Usefulness;

/// <summary>How the usefulness page writes its figures: a share with one decimal and its Wilson 95% interval.</summary>
internal static class UsefulnessText
{
    public const string None = "—";

    /// <summary>"41.2% (27.0–56.8%)"; <see cref="None"/> when there is nothing to count.</summary>
    public static string Share(int events, int total)
    {
        if (total == 0)
        {
            return None;
        }

        var interval = WilsonInterval.For(events, total);
        return string.Create(CultureInfo.InvariantCulture, $"{100.0 * events / total:0.0}% ({100 * interval.Lower:0.0}–{100 * interval.Upper:0.0}%)");
    }

    public static string Days(double? days) => days is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) : None;

    public static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
