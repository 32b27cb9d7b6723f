using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// The reviewed table of words and suggested actions for every model feature, kept as data in
/// <c>ReasonPhrases.tsv</c> (embedded in the library) so that its review reads the table, not code.
/// </summary>
internal static class ReasonPhrases
{
    private const string Resource = "Outcomes.Analytics.DropoutRisk.Scoring.ReasonPhrases.tsv";

    private static readonly Lazy<IReadOnlyDictionary<string, ReasonPhrase>> Shipped = new(() =>
    {
        using var stream = typeof(ReasonPhrases).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The library is built without its {Resource}.");
        using var reader = new StreamReader(stream);
        var table = Parse(reader);
        var missing = Missing(table);
        return missing.Count == 0 ? table : throw new InvalidDataException($"ReasonPhrases.tsv has no words for: {string.Join(", ", missing)}.");
    });

    /// <summary>The shipped table, by feature; it has a row for every feature of <see cref="ModelInput.FeatureNames"/>.</summary>
    public static IReadOnlyDictionary<string, ReasonPhrase> All => Shipped.Value;

    /// <summary>Features of <see cref="ModelInput.FeatureNames"/> that <paramref name="table"/> has no words for.</summary>
    public static IReadOnlyList<string> Missing(IReadOnlyDictionary<string, ReasonPhrase> table) =>
        [.. ModelInput.FeatureNames.Where(f => !table.ContainsKey(f))];

    /// <summary>Reads the table: comment lines (#), a header, then one tab-separated row of six columns per feature.</summary>
    public static IReadOnlyDictionary<string, ReasonPhrase> Parse(TextReader reader)
    {
        var rows = new Dictionary<string, ReasonPhrase>(StringComparer.Ordinal);
        var (number, header) = (0, false);
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split('\t');
            if (!header)
            {
                header = cells is ["feature", "sign", "kind", "present", "absent", "action"]
                    ? true : throw Bad(number, "the header is not: feature, sign, kind, present, absent, action");
                continue;
            }

            if (cells.Length != 6 || cells.Any(string.IsNullOrWhiteSpace))
            {
                throw Bad(number, "a row has six non-empty tab-separated cells");
            }

            if (cells.Any(c => c.Contains(';', StringComparison.Ordinal) || c.Contains('|', StringComparison.Ordinal)))
            {
                // A flag's reasons are joined with "; " on the worklist and " | " in exports.
                throw Bad(number, "no ';' or '|' in a cell");
            }

            var modifiable = cells[1] switch
            {
                "modifiable" => true,
                "fixed" => false,
                _ => throw Bad(number, "the sign is 'modifiable' or 'fixed'"),
            };
            if (!Enum.TryParse<ReasonPhrase.ValueKind>(cells[2], ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                throw Bad(number, "the kind is count, share, flag, number or category");
            }

            if (modifiable && cells[5] == ReasonPhrase.NoAction)
            {
                throw Bad(number, "a modifiable sign suggests an action");
            }

            if (!rows.TryAdd(cells[0], new ReasonPhrase(cells[0], modifiable, kind, cells[3], cells[4], cells[5])))
            {
                throw Bad(number, $"one row per feature ('{cells[0]}' again)");
            }
        }

        return rows;
    }

    private static InvalidDataException Bad(int line, string expected) => new($"ReasonPhrases.tsv line {line}: expected {expected}.");
}
