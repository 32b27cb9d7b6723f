using System.Globalization;

namespace Outcomes.Reports.Tables;

/// <summary>
/// A p-value as journals print it (NEJM's statistical reporting guidelines, Harrington et al. 2019): two decimals from
/// 0.01 up ("p = 0.03"; "p > 0.99" above that), three below it ("p = 0.004"), and "p &lt; 0.001" below that; never "p = 0.000".
/// </summary>
internal static class PValueText
{
    /// <summary>The table note that names the tests once: each difference row's note says which one it is.</summary>
    public const string Note =
        "p value: two-sided, of the direct test of no IOP minus PHP difference named in the row's note — the score test for crude "
        + "shares of patients, episodes and courses (Pearson's chi-squared without continuity correction); the Wald t test on the "
        + "cluster-robust standard error for weeks, sessions and screens (and wherever a row is clustered by facility); the Wald z "
        + "test on the sandwich standard error for a difference adjusted for case mix. Overlapping intervals are not a test.";

    public static string? Format(double? p) => p switch
    {
        null => null,
        { } v when double.IsNaN(v) => null,
        < 0.001 => "p < 0.001",
        < 0.01 => "p = " + p.Value.ToString("0.000", CultureInfo.InvariantCulture),
        >= 0.995 => "p > 0.99",
        _ => "p = " + p.Value.ToString("0.00", CultureInfo.InvariantCulture),
    };
}
