using FsCheck;
using FsCheck.Fluent;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.Tests.Loading;
using Outcomes.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Ingest.Tests.Fuzz;

/// <summary>
/// Valid programs files with some rows changed at random (characters flipped, inserted or deleted, fields
/// blanked, swapped, lost or added, 1 MB fields, quotes, line breaks, NUL, bytes that are not UTF-8): the rows the
/// reference still finds valid load with exactly the reference's values, every other row is quarantined at its
/// own line with a reason, untouched rows load as written, and no reason repeats an id.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class MutationFuzzTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private readonly FuzzHarness _harness = new(database);

    [Fact]
    public async Task Mutated_rows_that_no_longer_validate_are_quarantined_with_their_line_and_untouched_rows_load_exactly()
    {
        var mutated = 0;
        var stillValid = 0;
        var untouchedLoaded = 0;
        await FuzzCases.CheckAsync(output, "random mutations of valid rows", FuzzCases.Count(800), Cases.ToArbitrary(), c =>
        {
            using var drop = new DropFolder();
            var rows = c.Rows.Select(r => ProgramRows.Own(r, drop.Facility)).ToArray();
            var changed = rows.Select((r, i) => c.Mutations[i].Aggregate(r, (fields, m) => m.Apply(fields))).ToArray();
            var (bytes, lines) = CsvText.Write(ProgramReference.Header, changed, c.Crlf);
            var verdict = ProgramRows.Judge([.. changed.Select((r, i) => (lines[i], (IReadOnlyList<string>)r))]);

            var file = _harness.Ingest(drop, "programs.csv", bytes);

            Assert.Equal(FileStatus.Committed, file.Result.Status);
            var loaded = _harness.ProgramsOf(file.Result.BatchId);
            ProgramRows.AssertMatches(verdict, file, loaded);
            foreach (var q in file.Quarantine)
            {
                Assert.All(rows, r => Assert.DoesNotContain(r[1], q.Reason, StringComparison.Ordinal));
            }

            for (var i = 0; i < rows.Length; i++)
            {
                if (c.Mutations[i].Length == 0)
                {
                    untouchedLoaded += loaded.Any(p => p.ProgramId == rows[i][1] && p.FacilityId == drop.Facility) ? 1 : 0;
                }
                else
                {
                    mutated++;
                    stillValid += verdict.QuarantinedLines.Contains(lines[i]) ? 0 : 1;
                }
            }
        });
        output.WriteLine($"{mutated} rows mutated ({stillValid} still valid and loaded as the reference read them); {untouchedLoaded} untouched rows loaded");
    }

    private static Gen<MutationCase> Cases =>
        from rows in ProgramRows.ValidFile(8)
        from mutations in Gen.Frequency(
            (3, Gen.Constant(Array.Empty<RowMutation>())),
            (2, from n in Gen.Choose(1, 3) from m in RowMutation.Any.ArrayOf(n) select m)).ArrayOf(rows.Length)
        from crlf in Gen.Elements(false, true)
        select new MutationCase(rows, mutations, crlf);

    internal sealed record MutationCase(string[][] Rows, RowMutation[][] Mutations, bool Crlf)
    {
        public override string ToString() =>
            string.Join(Environment.NewLine, Rows.Select((r, i) =>
                $"  {string.Join(",", r)}  <- {(Mutations[i].Length == 0 ? "untouched" : string.Join(", ", Mutations[i].Select(m => m.ToString())))}"))
            + $"{Environment.NewLine}  line ends {(Crlf ? "CRLF" : "LF")}";
    }
}
