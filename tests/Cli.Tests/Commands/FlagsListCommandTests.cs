using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Outcomes.Database.Connection;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// <c>outcomes flags list</c> shows each flag's counsellor (the staff code episodes.csv carries) and lists one
/// counsellor's flags, through the real program on a real PostgreSQL. A login that may only report is not granted the
/// counsellor column, and the command, which acts as the analyst, refuses it.
/// </summary>
public sealed class FlagsListCommandTests(FlaggedEpisodes episodes) : IClassFixture<FlaggedEpisodes>
{
    [Fact]
    public async Task Flags_list_shows_each_flags_counsellor_and_lists_one_counsellors_flags_alone()
    {
        var all = await CliProcess.RunAsync(episodes.Database.ConnectionString, "flags", "list");
        var one = await CliProcess.RunAsync(episodes.Database.ConnectionString, "flags", "list", "--counsellor", "C-022");
        var nobody = await CliProcess.RunAsync(episodes.Database.ConnectionString, "flags", "list", "--counsellor", "C-999");

        Assert.True(all.ExitCode == 0, all.Output + all.Errors);
        Assert.Equal(
            [(episodes.Flags["E1"], "C-014"), (episodes.Flags["E2"], "C-022"), (episodes.Flags["E3"], "")],
            Table(all.Output).Select(r => (long.Parse(r["flag"], CultureInfo.InvariantCulture), r["counsellor"])).OrderBy(r => r.Item1));
        Assert.True(one.ExitCode == 0, one.Output + one.Errors);
        var row = Assert.Single(Table(one.Output));
        Assert.Equal((episodes.Flags["E2"].ToString(CultureInfo.InvariantCulture), "C-022", "40 %"), (row["flag"], row["counsellor"], row["risk"]));
        Assert.True(nobody.ExitCode == 0, nobody.Output + nobody.Errors);
        Assert.Equal("No flags in that status for counsellor C-999. Flags are raised by: outcomes score", nobody.Output.Trim());
    }

    [Fact]
    public async Task A_login_that_may_only_report_is_refused_and_sees_no_counsellor()
    {
        var reporter = await episodes.LoginAsync(DatabaseRole.Reporter);

        var (exit, output, errors) = await CliProcess.RunAsync(reporter, "flags", "list", "--counsellor", "C-014");

        Assert.NotEqual(0, exit);
        Assert.Contains("This command acts as outcomes_analyst", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("C-014", output, StringComparison.Ordinal);
        // The grant itself: the reporter role reads an episode's dates, never its counsellor.
        await using var connection = new NpgsqlConnection(OutcomesDatabase.ForRole(reporter, DatabaseRole.Reporter));
        await connection.OpenAsync();
        await using var dates = new NpgsqlCommand("select count(admitted_on) from episode", connection);
        Assert.Equal(3L, await dates.ExecuteScalarAsync());
        await using var counsellors = new NpgsqlCommand("select count(counsellor) from episode", connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => counsellors.ExecuteScalarAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task A_facility_given_in_another_case_is_the_facility_the_data_spells_as_the_ingest_matches_ids()
    {
        var lower = await CliProcess.RunAsync(episodes.Database.ConnectionString, "flags", "list", "--facility", "north");
        // A login limited to "North" is limited to NORTH: its list holds NORTH's flags, where row-level security compares exactly.
        var limited = await CliProcess.RunAsync(await episodes.LoginAsync(DatabaseRole.Analyst, "North"), "flags", "list");

        foreach (var (exit, output, errors) in new[] { lower, limited })
        {
            Assert.True(exit == 0, output + errors);
            Assert.Equal(
                [(episodes.Flags["E1"], "NORTH"), (episodes.Flags["E2"], "NORTH"), (episodes.Flags["E3"], "NORTH")],
                Table(output).Select(r => (long.Parse(r["flag"], CultureInfo.InvariantCulture), r["facility"])).OrderBy(r => r.Item1));
        }

        var facilities = await episodes.Database.QueryAsync<string>("select facility_id from facility_access");
        Assert.Equal(["NORTH"], facilities);
    }

    /// <summary>The rows of a printed table, each cell under its header, cut where the dashes under the headers are.</summary>
    private static List<Dictionary<string, string>> Table(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var columns = Regex.Matches(lines[1], "-+").Select(m => (m.Index, m.Length)).ToList();
        string Cell(string line, (int Index, int Length) column) =>
            line.Length <= column.Index ? "" : line.Substring(column.Index, Math.Min(column.Length, line.Length - column.Index)).Trim();
        return [.. lines.Skip(2).Select(line => columns.ToDictionary(c => Cell(lines[0], c), c => Cell(line, c)))];
    }
}
