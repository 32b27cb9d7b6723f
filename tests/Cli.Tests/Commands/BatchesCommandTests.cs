using System.Globalization;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// <c>outcomes batches</c> through the real program: one line per file load, newest first, with the counts, the first
/// twelve digits of the SHA-256, the drop's data-contract version and the start in the database's own time zone, as
/// the ledger holds them.
/// </summary>
public sealed class BatchesCommandTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _drop = Directory.CreateTempSubdirectory("outcomes-batches-").FullName;
    private readonly string _v2Drop = Directory.CreateTempSubdirectory("outcomes-batches-v2-").FullName;

    [Fact]
    public async Task Batches_lists_each_load_newest_first_as_the_ledger_holds_it_and_the_limit_keeps_the_newest()
    {
        File.WriteAllText(Path.Combine(_drop, "programs.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            NORTH,IOP,Adult IOP,IOP,2.1,3,8,9
            NORTH,PHP,Adult PHP,PHP,2.5,3,3,20
            NORTH,BAD,Adult PHP,not-a-level,2.5,3,3,20

            """);
        var ingest = await CliProcess.RunAsync(database.ConnectionString, "ingest", _drop);
        var again = await CliProcess.RunAsync(database.ConnectionString, "ingest", _drop, "--force");

        // A drop holding a file of contract version 2 is a version-2 drop: its programs.csv is recorded as version 2 too.
        File.Copy(Path.Combine(_drop, "programs.csv"), Path.Combine(_v2Drop, "programs.csv"));
        File.WriteAllText(Path.Combine(_v2Drop, "surveys.csv"), "facility_id,survey_id,episode_id,instrument,survey_date,score,net_promoter\n");
        var v2 = await CliProcess.RunAsync(database.ConnectionString, "ingest", _v2Drop, "--force");

        var all = await CliProcess.RunAsync(database.ConnectionString, "batches");
        var one = await CliProcess.RunAsync(database.ConnectionString, "batches", "--limit", "1");

        Assert.True(ingest.ExitCode == 0 && again.ExitCode == 0 && v2.ExitCode == 0, ingest.Errors + again.Errors + v2.Errors);
        var expected = (await database.QueryAsync<(long Batch, string File, string Status, int Read, int Inserted, int Updated, int Unchanged, int Quarantined, string Sha, string Version, string Contract, string Started)>("""
            select batch_id, file_name, status, rows_read, rows_inserted, rows_updated, rows_unchanged, rows_quarantined,
                   left(sha256, 12), software_version, contract_version, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS')
            from ingest_batch order by batch_id desc
            """)).Select(b => string.Join(' ', new object[] { b.Batch, b.File, b.Status, b.Read, b.Inserted, b.Updated, b.Unchanged, b.Quarantined, b.Sha, b.Version, b.Contract, b.Started }
                .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();
        Assert.Equal(4, expected.Count);
        // The contract column: the version-2 drop's two files, then the two loads of the version-1 drop.
        Assert.Equal(["2", "2", "1", "1"], Rows(all.Output).Select(r => r.Split(' ')[^3]));
        Assert.Contains("contract", all.Output.Split('\n')[0]);
        Assert.True(all.ExitCode == 0, all.Errors);
        Assert.Equal(expected, Rows(all.Output));
        Assert.Equal(expected.Take(1), Rows(one.Output));
    }

    /// <summary>The table's rows (after the header and the rule), their cells single-spaced.</summary>
    private static List<string> Rows(string output) =>
        [.. output.Split('\n').Where(l => l.Length > 0).Skip(2).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))];

    public void Dispose()
    {
        Directory.Delete(_drop, recursive: true);
        Directory.Delete(_v2Drop, recursive: true);
    }
}
