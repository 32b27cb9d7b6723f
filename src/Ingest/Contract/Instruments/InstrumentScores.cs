using System.Globalization;
using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>
/// Checks one row's scores against its instrument: the total within the range, the items as many as the instrument
/// has and each within the item range, the items adding up to the total, the subscales the instrument's own and each
/// the sum of its items. Rewrites the items and subscales cells in one spelling ("1;0;2", "use=2;risk=11;protective=14"),
/// summing the subscales from the items when only those were sent. Reasons name the instrument and the rule, never the
/// value.
/// </summary>
internal static class InstrumentScores
{
    public static RowIssue? Check(Instrument instrument, RowValues row, int total, int items, int subscales)
    {
        int[]? itemScores = null;
        if (row.Has(items))
        {
            if (instrument.ItemNumbers.Count == 0)
            {
                return new RowIssue("items", $"must be empty: {instrument.Code} is sent as a total only");
            }

            itemScores = ParseItems(row.Text[items]!);
            if (itemScores is null)
            {
                return new RowIssue("items", "expected whole numbers separated by ';' (e.g. 1;0;2)");
            }

            if (itemScores.Length != instrument.ItemNumbers.Count)
            {
                return new RowIssue("items", $"holds {itemScores.Length} scores; {instrument.Code} has {instrument.ItemNumbers.Count} scored items");
            }

            if (itemScores.Any(s => s < instrument.ItemMin || s > instrument.ItemMax))
            {
                return new RowIssue("items", $"holds a score outside {instrument.ItemMin}-{instrument.ItemMax}, the range of each item of {instrument.Code}");
            }

            row.SetText(items, string.Join(';', itemScores));
        }

        if (instrument.HasTotal)
        {
            if (!row.Has(total))
            {
                return new RowIssue("total_score", $"is required for {instrument.Code}");
            }

            var value = row.Integer[total];
            if (value < instrument.TotalMin || value > instrument.TotalMax)
            {
                return new RowIssue("total_score", $"is {(value < instrument.TotalMin ? "below" : "above")} the range of {instrument.Code} ({instrument.TotalMin}-{instrument.TotalMax})");
            }

            if (itemScores is not null && itemScores.Sum() != value)
            {
                return new RowIssue("items", "do not add up to total_score; expected the item scores to sum to the total");
            }
        }
        else if (row.Has(total))
        {
            return new RowIssue("total_score", $"must be empty: {instrument.Code} publishes no total and is scored by its subscales ({string.Join(", ", instrument.Subscales.Select(s => s.Name))})");
        }

        return CheckSubscales(instrument, row, subscales, itemScores);
    }

    private static RowIssue? CheckSubscales(Instrument instrument, RowValues row, int subscales, int[]? itemScores)
    {
        if (instrument.Subscales.Count == 0)
        {
            return row.Has(subscales) ? new RowIssue("subscales", $"must be empty: {instrument.Code} has no subscales") : null;
        }

        var fromItems = itemScores is null ? null : instrument.Subscales.ToDictionary(
            s => s.Name, s => s.Items.Sum(n => itemScores[IndexOf(instrument.ItemNumbers, n)]), StringComparer.Ordinal);
        if (!row.Has(subscales))
        {
            if (fromItems is null && !instrument.HasTotal)
            {
                return new RowIssue("subscales", $"are required for {instrument.Code} when no items are sent: {string.Join(", ", instrument.Subscales.Select(s => s.Name))}");
            }

            if (fromItems is not null)
            {
                row.SetText(subscales, Spell(instrument, fromItems));
            }

            return null;
        }

        var sent = ParseSubscales(row.Text[subscales]!);
        if (sent is null)
        {
            return new RowIssue("subscales", "expected name=score pairs separated by ';' (e.g. use=2;risk=11;protective=14), each name once");
        }

        foreach (var name in sent.Keys)
        {
            if (instrument.Subscales.All(s => s.Name != name))
            {
                return new RowIssue("subscales", $"names a subscale {instrument.Code} does not have; expected {string.Join(", ", instrument.Subscales.Select(s => s.Name))}");
            }
        }

        foreach (var subscale in instrument.Subscales)
        {
            if (!sent.TryGetValue(subscale.Name, out var score))
            {
                return new RowIssue("subscales", $"lacks {subscale.Name}; {instrument.Code} needs every one of {string.Join(", ", instrument.Subscales.Select(s => s.Name))}");
            }

            if (score < subscale.Min || score > subscale.Max)
            {
                return new RowIssue("subscales", $"{subscale.Name} is outside its range ({subscale.Min}-{subscale.Max})");
            }

            if (fromItems is not null && fromItems[subscale.Name] != score)
            {
                return new RowIssue("subscales", $"{subscale.Name} is not the sum of its items ({string.Join(", ", subscale.Items)})");
            }
        }

        row.SetText(subscales, Spell(instrument, sent));
        return null;
    }

    private static int IndexOf(IReadOnlyList<int> numbers, int number)
    {
        for (var i = 0; i < numbers.Count; i++)
        {
            if (numbers[i] == number)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"A subscale names item {number}, which its instrument does not score.");
    }

    private static string Spell(Instrument instrument, Dictionary<string, int> scores) =>
        string.Join(';', instrument.Subscales.Select(s => $"{s.Name}={scores[s.Name].ToString(CultureInfo.InvariantCulture)}"));

    private static int[]? ParseItems(string text)
    {
        var parts = text.Split(';');
        var scores = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out scores[i]))
            {
                return null;
            }
        }

        return scores;
    }

    private static Dictionary<string, int>? ParseSubscales(string text)
    {
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in text.Split(';'))
        {
            var pair = part.Split('=');
            if (pair.Length != 2
                || !int.TryParse(pair[1].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var score)
                || !scores.TryAdd(InstrumentCatalogue.NormalizeCode(pair[0]), score))
            {
                return null;
            }
        }

        return scores;
    }
}
