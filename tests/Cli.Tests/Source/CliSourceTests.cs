using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Source;

/// <summary>
/// The CLI parses arguments, calls the libraries and prints: no SQL is written in src/Cli. Each table's queries live
/// with the type that owns it (the load ledger, the schema status, the access control, the stores of Analytics).
/// </summary>
public sealed class CliSourceTests
{
    [Fact]
    public void No_file_of_the_cli_holds_sql_text()
    {
        var cli = Path.Combine(RepositoryData.RepositoryRoot(), "src", "Cli");
        var files = Directory.EnumerateFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(cli, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToList();

        var found = files.SelectMany(f => SqlText.In(File.ReadAllText(f)).Select(s => $"{Path.GetRelativePath(cli, f)}:{s.Line}: {s.Text.Trim()}")).ToList();

        Assert.True(files.Count > 20, $"only {files.Count} source files found under {cli}");
        Assert.True(found.Count == 0, "SQL written in the CLI:\n" + string.Join("\n", found));
    }

    [Theory]
    // The statements the CLI wrote before the load ledger, the schema status and the access control took them over.
    [InlineData("\"select batch_id as BatchId, file_name as FileName from ingest_batch order by batch_id desc limit @Limit\"")]
    [InlineData("\"\"\"\n    select q.batch_id as BatchId\n    from ingest_quarantine q\n    where @Batch::bigint is null\n    \"\"\"")]
    [InlineData("\"select to_regclass('schema_migration') is not null\"")]
    [InlineData("\"select max(version) from schema_migration\"")]
    [InlineData("\"select facility_scope()\"")]
    [InlineData("$\"delete from analysis_run where run_id = {id}\"")]
    [InlineData("@\"insert into outcome_target (metric) values (@Metric)\"")]
    [InlineData("$\"\"\"\n    update action_plan set status = {status}\n    \"\"\"")]
    [InlineData("$\"drop database if exists {name} with (force)\"")]
    public void Sql_in_any_kind_of_string_literal_is_found(string literal)
    {
        var source = $"class C {{ void M(int id, string status, string name) {{ var sql = {literal}; }} }}";

        Assert.Single(SqlText.In(source));
    }

    [Theory]
    // The CLI's own words, which speak of selecting, updating and loading without being SQL.
    [InlineData("Change a plan's status and record its result; every change is kept with who made it.")]
    [InlineData("Action plan 3 recorded (planned). Update it with: outcomes actions update 3 --status in_progress")]
    [InlineData("The date the data are complete through, YYYY-MM-DD (default: the latest admission or discharge).")]
    [InlineData("Delete nothing: select the facility to report from the list.")]
    [InlineData("Restore a backup into the database (checked first; one transaction; then migrated).")]
    [InlineData("Create a login (or update one): grant it a role and set the facilities it may see.")]
    public void Sentences_of_the_cli_are_not_taken_for_sql(string sentence)
    {
        Assert.False(SqlText.IsSql(sentence), sentence);
    }
}
