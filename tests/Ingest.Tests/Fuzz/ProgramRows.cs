using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Outcomes.Ingest.Tests.Fuzz;

/// <summary>
/// Valid programs.csv rows for the fuzz tests, and the reference's verdict on a whole file: which rows must load
/// with which values, which lines must be quarantined. Rows are written with the placeholder facility "F1" and
/// program id "P{n}"; <see cref="Own"/> gives them the case's drop-folder facility so cases never meet.
/// </summary>
internal static class ProgramRows
{
    private const string NameStart = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string NameRest = NameStart + "0123456789 ()&/'.é";

    private static readonly (string Level, string[] Asam)[] Levels =
    [
        ("op", ["", "0.5", "1", "1.0", "1.5", "1.7"]),
        ("iop", ["", "2.1"]),
        ("php", ["", "2.5", "2.7"]),
        ("residential", ["3.1", "3.2", "3.3", "3.5", "3.7"]),
    ];

    /// <summary>A valid row: every field within the contract, in the spellings a center might send.</summary>
    public static Gen<string[]> Valid(int index) =>
        from level in Gen.Elements(Levels)
        from spelling in Gen.Elements<Func<string, string>>(s => s, s => s.ToUpperInvariant(), s => char.ToUpperInvariant(s[0]) + s[1..])
        from asam in Gen.Elements(level.Asam)
        from nameLength in Gen.Choose(0, 39)
        from first in Gen.Elements(NameStart.ToCharArray())
        from rest in Gen.Elements(NameRest.ToCharArray()).ArrayOf(nameLength)
        from edition in Gen.Choose(3, 4)
        from weeks in Gen.Choose(1, 104)
        from hours in Gen.Choose(0, 335)
        select new[]
        {
            "F1", $"P{index}", (first + new string(rest)).TrimEnd(), spelling(level.Level), asam,
            edition.ToString(System.Globalization.CultureInfo.InvariantCulture),
            weeks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            hours % 2 == 0 ? (hours / 2).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{hours / 2}.5",
        };

    /// <summary>1 to <paramref name="max"/> valid rows with distinct program ids.</summary>
    public static Gen<string[][]> ValidFile(int max) =>
        from count in Gen.Choose(1, max)
        from rows in Gen.CollectToArray(Enumerable.Range(1, count), Valid)
        select rows;

    /// <summary>The row with the case's own facility and a program id that tells cases apart.</summary>
    public static string[] Own(string[] row, string facility)
    {
        var own = (string[])row.Clone();
        own[0] = facility;
        own[1] = $"{facility[1..]}-{row[1]}";
        return own;
    }

    /// <summary>
    /// What the ingest must do with these rows of one file: each row's verdict from the reference, and the first
    /// valid occurrence of a key kept while later ones are quarantined as repeats.
    /// </summary>
    public static FileVerdict Judge(IReadOnlyList<(int Line, IReadOnlyList<string> Fields)> rows)
    {
        var loaded = new List<ExpectedProgram>();
        var quarantined = new List<int>();
        var keys = new HashSet<(string, string)>();
        foreach (var (line, fields) in rows)
        {
            var expected = ProgramReference.Expect(fields);
            if (expected is null || !keys.Add((expected.FacilityId, expected.ProgramId)))
            {
                quarantined.Add(line);
            }
            else
            {
                loaded.Add(expected);
            }
        }

        return new FileVerdict(
            [.. loaded.OrderBy(p => p.FacilityId, StringComparer.Ordinal).ThenBy(p => p.ProgramId, StringComparer.Ordinal)],
            [.. quarantined.Order()]);
    }

    /// <summary>Compares the ingest with the verdict: exactly the expected rows loaded, exactly the expected lines quarantined.</summary>
    public static void AssertMatches(FileVerdict verdict, IngestedFile file, IReadOnlyList<ExpectedProgram> loaded)
    {
        Assert.Equal(verdict.QuarantinedLines, file.Quarantine.Select(q => q.LineNumber).Order().ToList());
        Assert.Equal(
            verdict.Loaded,
            loaded.OrderBy(p => p.FacilityId, StringComparer.Ordinal).ThenBy(p => p.ProgramId, StringComparer.Ordinal).ToList());
    }
}

/// <summary>The reference's expectation for one file.</summary>
internal sealed record FileVerdict(IReadOnlyList<ExpectedProgram> Loaded, IReadOnlyList<int> QuarantinedLines);
