using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

public sealed class DemoCommandTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task The_demo_loads_the_sample_drop_quarantines_its_planted_mistakes_and_a_second_run_changes_nothing()
    {
        var first = await CliProcess.RunAsync(database.ConnectionString, "demo");
        var counts = await database.QueryAsync<(string Entity, int Quarantined)>(
            "select entity, rows_quarantined from ingest_batch where status = 'committed' order by batch_id");
        var second = await CliProcess.RunAsync(database.ConnectionString, "demo");

        Assert.True(first.ExitCode == 0, first.Output + first.Errors);
        // The planted mistakes are listed in samples/README.md: 2 patients, 2 episodes, 5 sessions, 1 family contact.
        Assert.Equal(
            [("programs", 0), ("patients", 2), ("episodes", 2), ("sessions", 5), ("family_contacts", 1), ("drug_screens", 0), ("relapse_events", 0), ("follow_ups", 0)],
            counts);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(8, second.Output.Split('\n').Count(line => line.Contains(" skipped ", StringComparison.Ordinal)));
        Assert.Equal(8, await database.ScalarAsync<long>("select count(*) from ingest_batch"));
    }

    [Fact]
    public async Task Quarantine_list_names_file_line_field_and_reason_but_never_a_patient_id()
    {
        await CliProcess.RunAsync(database.ConnectionString, "demo");

        var list = await CliProcess.RunAsync(database.ConnectionString, "quarantine", "list");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("episodes.csv", list.Output, StringComparison.Ordinal);
        Assert.Contains("discharge_date: is before admission_date", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MRN", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MRN", list.Errors, StringComparison.Ordinal);
    }
}
