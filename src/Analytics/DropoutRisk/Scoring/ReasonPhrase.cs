using System.Globalization;

namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// The words for one model feature and the action it suggests (a row of <c>ReasonPhrases.tsv</c>): <see cref="Present"/>
/// when the patient shows the sign, <see cref="Absent"/> when not, with the patient's own value filled in.
/// </summary>
internal sealed record ReasonPhrase(string Feature, bool Modifiable, ReasonPhrase.ValueKind Kind, string Present, string Absent, string Action)
{
    /// <summary>How the feature's value reads: a count ({n}, {s}), a share ({pct}), a flag, a number ({n}) or a category ({value}).</summary>
    public enum ValueKind
    {
        Count,
        Share,
        Flag,
        Number,
        Category,
    }

    /// <summary>The action column's word for "nothing to suggest beyond the rest of the plan".</summary>
    public const string NoAction = "none";

    /// <summary>The words for <paramref name="value"/> (int for a count or number, double? for a share, bool for a flag, string for a category).</summary>
    public string Words(object? value) => Kind switch
    {
        ValueKind.Count when value is int n and > 0 => Fill(Present, n),
        ValueKind.Count => Absent,
        ValueKind.Share when value is double share => Present.Replace("{pct}", share.ToString("P0", CultureInfo.InvariantCulture), StringComparison.Ordinal),
        ValueKind.Share => Absent,
        ValueKind.Flag => value is true ? Present : Absent,
        ValueKind.Number => Fill(Present, (int)value!),
        _ => Present.Replace("{value}", ((string?)value ?? "").Replace('_', ' '), StringComparison.Ordinal),
    };

    /// <summary>Fills in a count or number; "one // many" words take the first part for 1, the second otherwise.</summary>
    private static string Fill(string words, int n) => (words.Split(" // ") is [var one, var many] ? (n == 1 ? one : many) : words)
        .Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{s}", n == 1 ? "" : "s", StringComparison.Ordinal);
}
