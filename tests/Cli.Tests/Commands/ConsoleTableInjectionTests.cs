using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// A source file whose name holds a line break (a name any file system allows) is loaded, and the tables that list it
/// (the ingest's own, <c>outcomes batches</c>, <c>outcomes quarantine list</c>) still print one line for it, with the
/// break shown as ␊: through the real program on a real PostgreSQL.
/// </summary>
public sealed class ConsoleTableInjectionTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    // After the break, the name imitates a row of `outcomes batches`: a reader would take it for a second, clean load.
    private const string ForgedName = "programs_a\n999  programs.csv  committed  1  1  0  0  0  000000000000.csv";

    private readonly string _drop = Directory.CreateTempSubdirectory("outcomes-forged-").FullName;

    [Fact]
    public async Task A_line_break_in_a_file_name_cannot_forge_a_row_of_a_printed_table()
    {
        File.WriteAllText(Path.Combine(_drop, ForgedName), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            NORTH,IOP,Adult IOP,IOP,2.1,3,8,9
            NORTH,PHP,Adult PHP,residential-ish,2.5,3,3,20

            """);

        var ingest = await CliProcess.RunAsync(database.ConnectionString, "ingest", _drop);
        var batches = await CliProcess.RunAsync(database.ConnectionString, "batches");
        var quarantine = await CliProcess.RunAsync(database.ConnectionString, "quarantine", "list");

        Assert.True(ingest.ExitCode == 0, ingest.Errors);
        var shown = ForgedName.Replace("\n", "␊", StringComparison.Ordinal);
        foreach (var (output, rows) in new[] { (ingest.Output, 1), (batches.Output, 1), (quarantine.Output, 1) })
        {
            var table = output.Split('\n').Where(l => l.Length > 0).TakeWhile(l => !l.Contains("row(s) quarantined", StringComparison.Ordinal)).ToList();
            Assert.Equal(2 + rows, table.Count);
            Assert.Contains(shown, table[2], StringComparison.Ordinal);
            Assert.DoesNotContain(table, l => l.StartsWith("999", StringComparison.Ordinal));
        }
    }

    public void Dispose() => Directory.Delete(_drop, recursive: true);
}
