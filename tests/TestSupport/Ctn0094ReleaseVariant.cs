using System.Globalization;
using System.Text;
using Sylvan.Data.Csv;

namespace Outcomes.TestSupport;

/// <summary>
/// A CTN-0094 release the tests build from the two trials the repository carries (27 and 51), for a few participants of
/// each: trial ids, arm names, visit-label spellings and study days changed, unknown labels added, and optionally an
/// extra phase (a second randomisation to another arm, with the phase labels CTN-0030 uses) for every other
/// participant of the second trial. Only the tables the importer reads are written.
/// </summary>
public sealed record Ctn0094ReleaseVariant(
    string FirstTrial, string SecondTrial, bool RenameArms, string LabelStyle, int DayShift,
    IReadOnlyList<(bool SecondTrial, string Label, int Count)> UnknownLabels, int? SecondPhaseWeek, bool Declare = true)
{
    private static readonly string[] Tables = ["everybody", "randomization", "site_masked", "demographics", "psychiatric", "rbs", "treatment", "visit", "uds", "uds_temp"];

    private static readonly Lazy<IReadOnlyDictionary<string, (string[] Header, List<string[]> Rows)>> Source = new(ReadSource);

    /// <summary>The release as carried, for the same participants: what every variant is compared with.</summary>
    public static Ctn0094ReleaseVariant Unchanged { get; } = new("27", "51", false, "WK{0}", 0, [], null, Declare: false);

    /// <summary>How many participants of each trial a variant holds (the first randomised, by id).</summary>
    public const int ParticipantsPerTrial = 40;

    /// <summary>The arm names a renamed variant gives (trial 27's two, then 51's two).</summary>
    public static string Arm(string original) => "Arm " + original.Replace(' ', '-').ToUpperInvariant() + " v2";

    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var source = Source.Value;
        var trialOf = source["everybody"].Rows.ToDictionary(r => r[0], r => r[1]);
        var randomised = source["randomization"].Rows.Select(r => r[0]).Distinct().ToList();
        var chosen = new[] { "27", "51" }.SelectMany(t => randomised.Where(w => trialOf[w] == t).OrderBy(w => int.Parse(w, CultureInfo.InvariantCulture)).Take(ParticipantsPerTrial)).ToHashSet();
        var second = source["randomization"].Rows.Where(r => r[2] == "1" && chosen.Contains(r[0]) && trialOf[r[0]] == "51")
            .OrderBy(r => int.Parse(r[0], CultureInfo.InvariantCulture)).Where((_, i) => i % 2 == 0).ToDictionary(r => r[0], r => int.Parse(r[3], CultureInfo.InvariantCulture));

        foreach (var table in Tables)
        {
            var (header, rows) = source[table];
            var when = Array.IndexOf(header, "when");
            var output = new List<string[]>();
            foreach (var original in rows.Where(r => chosen.Contains(r[0])))
            {
                var row = (string[])original.Clone();
                var isSecond = trialOf[row[0]] == "51";
                if (when >= 0 && row[when].Length > 0)
                {
                    row[when] = (int.Parse(row[when], CultureInfo.InvariantCulture) + DayShift).ToString(CultureInfo.InvariantCulture);
                }

                switch (table)
                {
                    case "everybody":
                        row[1] = isSecond ? SecondTrial : FirstTrial;
                        break;
                    case "randomization":
                        if (RenameArms)
                        {
                            row[1] = Arm(row[1]);
                        }

                        if (row[2] == "2" && SecondPhaseWeek is { } k && second.TryGetValue(row[0], out var randomised1))
                        {
                            row[1] = "Second phase arm";
                            row[3] = (randomised1 + DayShift + 7 * k).ToString(CultureInfo.InvariantCulture);
                        }

                        break;
                    case "visit":
                        row[1] = Relabel(row[1], isSecond, second.ContainsKey(row[0]));
                        break;
                }

                output.Add(row);
            }

            if (table == "visit")
            {
                var header1 = header;
                foreach (var (inSecond, label, count) in UnknownLabels)
                {
                    var who = chosen.Where(w => (trialOf[w] == "51") == inSecond).Order().First();
                    for (var i = 0; i < count; i++)
                    {
                        var row = new string[header1.Length];
                        Array.Fill(row, "");
                        (row[0], row[1], row[2]) = (who, label, "visit");
                        row[when] = (40 + i + DayShift).ToString(CultureInfo.InvariantCulture);
                        output.Add(row);
                    }
                }
            }

            Write(Path.Combine(folder, table + ".csv"), header, output);
        }

        if (Declare)
        {
            File.WriteAllText(Path.Combine(folder, "release.json"), Declaration());
        }
    }

    /// <summary>The variant's own declaration: its trial ids and arm names, with the study medication of the originals.</summary>
    private string Declaration()
    {
        string ArmName(string original) => RenameArms ? Arm(original) : original;
        return $$"""
            {
              "release": "a test variant of public.ctn0094data",
              "trials": [
                { "project": "{{FirstTrial}}", "studyDayZero": "2010-03-01", "arms": [
                  { "treatment": "{{ArmName("Methadone")}}", "program": "ARM-M", "studyMedication": "Methadone" },
                  { "treatment": "{{ArmName("Outpatient BUP")}}", "program": "ARM-B", "studyMedication": "Buprenorphine" } ] },
                { "project": "{{SecondTrial}}", "studyDayZero": "2019-07-15", "arms": [
                  { "treatment": "{{ArmName("Inpatient BUP")}}", "program": "ARM-BD", "studyMedication": "Buprenorphine" },
                  { "treatment": "{{ArmName("Inpatient NR-NTX")}}", "program": "ARM-X", "injectionCoverDays": 28 } ] }
              ],
              "validations": [ { "train": "{{FirstTrial}}", "test": "{{SecondTrial}}" } ]
            }
            """;
    }

    /// <summary>The participants of the second trial given a second randomisation (the extra phase), by id.</summary>
    public int SecondPhaseParticipants => SecondPhaseWeek is null ? 0 : (ParticipantsPerTrial + 1) / 2;

    private string Relabel(string label, bool isSecond, bool twoPhases)
    {
        if (!label.StartsWith("WK", StringComparison.Ordinal) || !int.TryParse(label.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var week))
        {
            return label switch
            {
                "BASELINE" => LabelStyle == "WK{0}" ? label : "Baseline",
                "EOT" => LabelStyle == "WK{0}" ? label : "End of treatment",
                _ => label,
            };
        }

        if (isSecond && SecondPhaseWeek is { } k && week <= 24)
        {
            return twoPhases && week >= k ? $"P2Wk{week - k}" : $"P1Wk{week}";
        }

        return string.Format(CultureInfo.InvariantCulture, LabelStyle, week);
    }

    private static IReadOnlyDictionary<string, (string[] Header, List<string[]> Rows)> ReadSource()
    {
        var folder = RepositoryData.Ctn0094();
        var tables = new Dictionary<string, (string[], List<string[]>)>();
        foreach (var table in Tables)
        {
            using var reader = CsvDataReader.Create(Path.Combine(folder, table + ".csv"));
            var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<string[]>();
            while (reader.Read())
            {
                rows.Add([.. Enumerable.Range(0, header.Length).Select(reader.GetString)]);
            }

            tables[table] = (header, rows);
        }

        return tables;
    }

    private static void Write(string path, string[] header, List<string[]> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', header.Select(Quote))).Append('\n');
        foreach (var row in rows)
        {
            text.Append(string.Join(',', row.Select(v => v.Length == 0 ? "" : Quote(v)))).Append('\n');
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
