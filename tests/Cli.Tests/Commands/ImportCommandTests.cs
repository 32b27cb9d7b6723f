using Outcomes.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// <c>outcomes import ctn0094</c> on releases built from the carried trials: the figures printed are the imported
/// trials' only, and an import that maps nothing fails naming why, with nothing committed and the drop folder kept.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class ImportCommandTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "outcomes-import-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task An_import_of_a_new_trial_into_a_database_holding_another_prints_only_the_new_trials_figures()
    {
        var carried = Path.Combine(_work, "carried");
        Ctn0094ReleaseVariant.Unchanged.Write(carried);
        var variant = Path.Combine(_work, "variant");
        new Ctn0094ReleaseVariant("30", "77", RenameArms: true, "Week {0}", 0, [(true, "ZQ7", 2)], SecondPhaseWeek: 6, Declare: false).Write(variant);

        var earlier = await CliProcess.RunAsync(database.ConnectionString, "import", "ctn0094", carried, "--trial", "27", "--out", Path.Combine(_work, "drop"));
        var run = await CliProcess.RunAsync(database.ConnectionString, "import", "ctn0094", variant, "--out", Path.Combine(_work, "drop"));
        output.WriteLine(run.Output);

        Assert.True(earlier.ExitCode == 0, earlier.Output + earlier.Errors);
        Assert.Contains("METHADONE", earlier.Output, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Output + run.Errors);
        Assert.Contains("CTN-0030", run.Output, StringComparison.Ordinal);
        Assert.Contains("program CTN77-SECOND-PHASE-ARM,", run.Output, StringComparison.Ordinal);
        Assert.Contains("unknown visit label 'ZQ7'", run.Output, StringComparison.Ordinal);
        Assert.Contains("CTN30-ARM-METHADONE-V2", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CTN-0027", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Published for", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Early-dropout model", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.RealData)]
    public async Task The_carried_release_prints_both_trials_comparisons_with_the_figures_of_docs_real_data_and_the_declared_validation()
    {
        var run = await CliProcess.RunAsync(database.ConnectionString, "import", "ctn0094", RepositoryData.Ctn0094(), "--out", Path.Combine(_work, "drop"));
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output + run.Errors);
        // docs/real-data.md: completion 73.0% (386 of 529) on methadone, 45.8% on buprenorphine-naloxone; never medicated
        // 27.9% on XR-NTX, 5.9% on buprenorphine-naloxone.
        Assert.Matches(@"CTN-0027\s+METHADONE\s+529\s+73\.0 %", run.Output);
        Assert.Matches(@"CTN-0027\s+BUP-NX\s+740\s+45\.8 %", run.Output);
        Assert.Matches(@"CTN-0051\s+BUP-NX-DETOX\s+287\s+\S+ % \(\S+ %–\S+ %\)\s+5\.9 %", run.Output);
        Assert.Matches(@"CTN-0051\s+XR-NTX\s+283\s+\S+ % \(\S+ %–\S+ %\)\s+27\.9 %", run.Output);
        Assert.Contains("Early-dropout model trained on CTN-0027 at week 4 after randomization, tested on CTN-0051", run.Output, StringComparison.Ordinal);
        Assert.Contains("9,711 source row(s) not carried over", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_that_maps_nothing_exits_nonzero_naming_why_commits_nothing_and_keeps_the_drop_folder()
    {
        var source = Path.Combine(_work, "source");
        Ctn0094ReleaseVariant.Unchanged.Write(source);
        File.AppendAllText(Path.Combine(source, "everybody.csv"), "99999,\"30\"\n");
        var drop = Path.Combine(_work, "drop");
        Directory.CreateDirectory(drop);
        File.WriteAllText(Path.Combine(drop, "episodes.csv"), "an earlier import's episodes\n");
        var batches = await database.ScalarAsync<long>("select count(*) from ingest_batch");

        var run = await CliProcess.RunAsync(database.ConnectionString, "import", "ctn0094", source, "--trial", "30", "--out", drop);
        var unknown = await CliProcess.RunAsync(database.ConnectionString, "import", "ctn0094", source, "--trial", "52", "--out", drop);

        Assert.True(run.ExitCode == 1, run.Output + run.Errors);
        Assert.Contains("outcomes: nothing imported: trial 30: none of its participants has a randomization row", run.Errors, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("outcomes: --trial 52: not a trial of this release (it holds 27, 30, 51).", unknown.Errors, StringComparison.Ordinal);
        Assert.Equal(batches, await database.ScalarAsync<long>("select count(*) from ingest_batch"));
        Assert.Equal(["episodes.csv"], Directory.EnumerateFiles(drop).Select(Path.GetFileName));
        Assert.Equal("an earlier import's episodes\n", File.ReadAllText(Path.Combine(drop, "episodes.csv")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }
}
