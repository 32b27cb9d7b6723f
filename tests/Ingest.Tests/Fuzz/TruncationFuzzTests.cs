using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.Tests.Loading;
using Outcomes.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Ingest.Tests.Fuzz;

/// <summary>
/// A valid programs file cut at a random byte, as a copy interrupted mid-transfer leaves it. What must happen,
/// precisely: a cut inside the header rejects the file (an empty file too); every row whose line end survived
/// loads exactly as written; the row the cut went through — whatever is left of it after the last line end —
/// is read as a row in its own right: it loads only if that remainder is itself a complete valid row (a cut just
/// before the line end, or inside the last field where the remainder is still a valid number, e.g. 12.5 cut to
/// 12.), with the remainder's values, and is quarantined at its line otherwise (a cut inside a two-byte
/// character leaves bytes that are not UTF-8). A CRLF file cut between a CR and its LF ends with a line ended by CR
/// alone, a mix of line ends: the file is rejected at that line.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class TruncationFuzzTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private readonly FuzzHarness _harness = new(database);

    [Fact]
    public async Task A_file_cut_at_any_byte_loads_every_complete_row_and_loads_the_cut_row_only_if_it_is_still_a_valid_row()
    {
        var rejected = 0;
        var cutBetweenCrAndLf = 0;
        var cutRowsQuarantined = 0;
        var cutRowsLoaded = 0;
        var completeRows = 0;
        await FuzzCases.CheckAsync(output, "valid files truncated at a random byte", FuzzCases.Count(500), Cases.ToArbitrary(), c =>
        {
            using var drop = new DropFolder();
            var rows = c.Rows.Select(r => ProgramRows.Own(r, drop.Facility)).ToArray();
            var (whole, _) = CsvText.Write(ProgramReference.Header, rows, c.Crlf);
            var headerBytes = ProgramReference.Header.Length;
            var cut = c.InRows ? headerBytes + (c.CutAt % (whole.Length - headerBytes + 1)) : c.CutAt % (whole.Length + 1);
            var bytes = whole[..cut];

            var file = _harness.Ingest(drop, "programs.csv", bytes);

            if (cut < headerBytes)
            {
                Assert.Equal(FileStatus.Rejected, file.Result.Status);
                rejected++;
                return;
            }

            // A CRLF file cut between a row's CR and LF ends its last line with CR alone: a mix of line ends,
            // which rejects the file at that line (its first line ended with CRLF).
            if (c.Crlf && cut > headerBytes + 1 && bytes[^1] == '\r')
            {
                Assert.Equal(FileStatus.Rejected, file.Result.Status);
                var lastLine = bytes.Count(b => b == (byte)'\n') + 1;
                Assert.Equal(lastLine, Assert.Single(file.Quarantine).LineNumber);
                cutBetweenCrAndLf++;
                return;
            }

            Assert.Equal(FileStatus.Committed, file.Result.Status);
            var text = cut == headerBytes ? "" : Encoding.UTF8.GetString(bytes[headerBytes..]).TrimStart('\r').TrimStart('\n');
            var segments = text.Split('\n');
            var read = new List<(int Line, IReadOnlyList<string> Fields)>();
            for (var i = 0; i < segments.Length; i++)
            {
                var record = segments[i].TrimEnd('\r');
                if (record.Length > 0)
                {
                    read.Add((2 + i, record.Replace('\uFFFD', ProgramReference.InvalidUtf8).Split(',')));
                }
            }

            var verdict = ProgramRows.Judge(read);
            ProgramRows.AssertMatches(verdict, file, _harness.ProgramsOf(file.Result.BatchId));

            completeRows += segments.Length - 1;
            if (segments[^1].Length > 0)
            {
                var cutRowLine = 2 + segments.Length - 1;
                if (verdict.QuarantinedLines.Contains(cutRowLine))
                {
                    cutRowsQuarantined++;
                }
                else
                {
                    cutRowsLoaded++;
                }
            }
        });
        output.WriteLine($"{rejected} cuts inside the header; {cutBetweenCrAndLf} cuts between CR and LF (rejected as mixed line ends); {completeRows} complete rows loaded; cut rows: {cutRowsQuarantined} quarantined, {cutRowsLoaded} still valid and loaded");
    }

    private static Gen<TruncationCase> Cases =>
        from rows in ProgramRows.ValidFile(6)
        from crlf in Gen.Elements(false, true)
        from inRows in Gen.Frequency((1, Gen.Constant(false)), (4, Gen.Constant(true)))
        from cut in Gen.Choose(0, int.MaxValue)
        select new TruncationCase(rows, crlf, inRows, cut);

    /// <summary>Most cuts fall after the header, where the rows are (<paramref name="InRows"/>); the rest anywhere.</summary>
    internal sealed record TruncationCase(string[][] Rows, bool Crlf, bool InRows, int CutAt)
    {
        public override string ToString() =>
            string.Join(Environment.NewLine, Rows.Select(r => "  " + string.Join(",", r))) +
            $"{Environment.NewLine}  line ends {(Crlf ? "CRLF" : "LF")}, cut at byte {CutAt} modulo the length of {(InRows ? "the rows after the header" : "the file")} + 1";
    }
}
