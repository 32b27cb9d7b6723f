using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Npgsql;
using Xunit;

namespace Outcomes.Cli.Tests.Snapshots;

/// <summary>
/// Everything the demo computes and writes, as sorted text lines: every stored figure of every analysis run, every
/// model's metrics, the scores and flags, every cell of every workbook and the text of every HTML page and CSV file
/// in the reports folder. What changes from one run to the next by design (run ids, clock times, the build's
/// version) is replaced by a placeholder; numbers are written with ten significant digits, so a different summation
/// order cannot show while any real change does.
/// </summary>
internal static partial class DemoOutputSnapshot
{
    public static async Task<IReadOnlyList<string>> TakeAsync(string connectionString, string reportsFolder)
    {
        var lines = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await AddRowsAsync(connection, lines, "figure", """
            select r.period_label, coalesce(r.facility_filter, '*'), r.data_through, r.early_dropout_days,
                   f.metric, f.facility_id, f.level_of_care, coalesce(f.program_key::text, ''), f.grouping, f.n,
                   f.numerator, f.denominator, f.estimate, f.lower_bound, f.upper_bound, f.suppressed,
                   -- The p-value of a difference's test, to seven significant digits, after the note (lines without one are unchanged).
                   coalesce(f.note, '') || coalesce(' [p ' || trim(to_char(f.p_value, '9.999999EEEE')) || ']', '')
            from analysis_figure f join analysis_run r using (run_id)
            """);
        await AddRowsAsync(connection, lines, "model", """
            select status, algorithm, horizon_days, trained_through_admission, data_through, training_rows, test_rows,
                   feature_schema::text, metrics::text
            from dropout_model
            """);
        await AddRowsAsync(connection, lines, "score", """
            select e.facility_id, s.scored_on, s.probability, s.flagged, s.rank_in_facility, array_to_string(s.reasons, ' | ')
            from risk_score s join episode e using (episode_key)
            """);
        await AddRowsAsync(connection, lines, "flag", """
            select facility_id, raised_on, horizon_days, probability, rank_in_facility, array_to_string(reasons, ' | '),
                   threshold_rule, status
            from risk_flag
            """);
        await AddRowsAsync(connection, lines, "finding", "select check_kind, subject, measured, threshold, detail from data_quality_finding");

        foreach (var file in Directory.EnumerateFiles(reportsFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(reportsFolder, file).Replace('\\', '/');
            lines.Add($"file|{name}");
            switch (Path.GetExtension(file).ToLowerInvariant())
            {
                case ".xlsx":
                    AddWorkbook(lines, name, file);
                    break;
                case ".html":
                    lines.AddRange(HtmlText(File.ReadAllText(file)).Select(text => $"html|{name}|{text}"));
                    break;
                case ".csv":
                case ".txt":
                case ".md":
                    lines.AddRange(File.ReadLines(file).Select(text => $"text|{name}|{Normalize(text)}"));
                    break;
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Compares with the stored snapshot; with OUTCOMES_UPDATE_SNAPSHOTS=1 stores it instead.</summary>
    public static void AssertMatches(IReadOnlyList<string> actual, string snapshotPath)
    {
        if (Environment.GetEnvironmentVariable("OUTCOMES_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllLines(snapshotPath, actual);
            return;
        }

        var expected = File.ReadAllLines(snapshotPath);
        var missing = expected.Except(actual, StringComparer.Ordinal).Take(20).ToList();
        var extra = actual.Except(expected, StringComparer.Ordinal).Take(20).ToList();
        if (missing.Count > 0 || extra.Count > 0 || expected.Length != actual.Count)
        {
            var message = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"The demo's outputs differ from {Path.GetFileName(snapshotPath)} ({expected.Length} lines stored, {actual.Count} now).")
                .AppendLine("Stored, not produced now:").AppendJoin('\n', missing).AppendLine()
                .AppendLine("Produced now, not stored:").AppendJoin('\n', extra).AppendLine()
                .AppendLine("When the change is intended, store the new outputs with OUTCOMES_UPDATE_SNAPSHOTS=1 and say why in the commit.");
            Assert.Fail(message.ToString());
        }
    }

    private static async Task AddRowsAsync(NpgsqlConnection connection, List<string> lines, string kind, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                fields[i] = reader.IsDBNull(i) ? "∅" : Format(reader.GetValue(i));
            }

            lines.Add($"{kind}|{string.Join('|', fields)}");
        }
    }

    private static void AddWorkbook(List<string> lines, string name, string file)
    {
        using var workbook = new XLWorkbook(file);
        foreach (var sheet in workbook.Worksheets)
        {
            foreach (var cell in sheet.CellsUsed(XLCellsUsedOptions.Contents))
            {
                var value = cell.HasFormula ? $"={cell.FormulaA1}" : CellValue(cell);
                lines.Add($"cell|{name}|{sheet.Name}!{cell.Address.ToStringRelative()}|{cell.Style.NumberFormat.Format}|{value}");
            }
        }
    }

    private static string CellValue(IXLCell cell) => cell.DataType switch
    {
        XLDataType.Number => Format(cell.GetDouble()),
        XLDataType.DateTime => Normalize(cell.GetDateTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture).Replace(" 00:00", "", StringComparison.Ordinal)),
        XLDataType.Boolean => cell.GetBoolean() ? "TRUE" : "FALSE",
        XLDataType.TimeSpan => cell.GetTimeSpan().ToString("c", CultureInfo.InvariantCulture),
        _ => Format(cell.GetString()),
    };

    private static string Format(object value) => value switch
    {
        double d => d.ToString("G10", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("G10", CultureInfo.InvariantCulture),
        decimal m => ((double)m).ToString("G10", CultureInfo.InvariantCulture),
        DateTime t => Normalize(t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateOnly d => Normalize(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        string s when s.StartsWith('{') || s.StartsWith('[') => Normalize(RoundJson(s)),
        string s => Normalize(s),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Numbers in JSON (the model's metrics) at ten significant digits, keys in stored order.</summary>
    private static string RoundJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var builder = new StringBuilder();
            Write(document.RootElement, builder);
            return builder.ToString();
        }
        catch (JsonException)
        {
            return json;
        }

        static void Write(JsonElement element, StringBuilder builder)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    builder.Append('{').AppendJoin(',', element.EnumerateObject().Select(p =>
                    {
                        var inner = new StringBuilder();
                        Write(p.Value, inner);
                        return $"{p.Name}:{inner}";
                    })).Append('}');
                    break;
                case JsonValueKind.Array:
                    builder.Append('[').AppendJoin(',', element.EnumerateArray().Select(e =>
                    {
                        var inner = new StringBuilder();
                        Write(e, inner);
                        return inner.ToString();
                    })).Append(']');
                    break;
                case JsonValueKind.Number:
                    builder.Append(element.GetDouble().ToString("G10", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(element.ToString());
                    break;
            }
        }
    }

    private static IEnumerable<string> HtmlText(string html)
    {
        var withoutBlocks = Regex.Replace(html, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        var images = Regex.Matches(withoutBlocks, "<img[^>]*src=\"([^\"]*)\"", RegexOptions.IgnoreCase)
            .Select(m => "img " + (m.Groups[1].Value.StartsWith("data:", StringComparison.Ordinal) ? "data:…" : m.Groups[1].Value));
        var text = Regex.Replace(withoutBlocks, "<[^>]+>", "\n");
        return images.Concat(text.Split('\n').Select(l => Normalize(System.Net.WebUtility.HtmlDecode(l).Trim())).Where(l => l.Length > 0));
    }

    private static readonly string Today = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Run ids, clock times and the build's version: different on every run by design.</summary>
    private static string Normalize(string text)
    {
        text = Guid().Replace(text, "<id>");
        text = Timestamp().Replace(text, "<time>");
        text = Version().Replace(text, "<version>");
        // The day of the load (the ledger's dates on the data-quality sheet) is the day the test runs.
        text = text.Replace(Today, "<today>", StringComparison.Ordinal);
        return text.Replace("\r", "", StringComparison.Ordinal).Replace('\n', '⏎');
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}| UTC)?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"(?<![\w.])\d+\.\d+\.\d+(\+[0-9a-f]{7,40})?(?![\w.])")]
    private static partial Regex Version();
}
