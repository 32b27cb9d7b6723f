using Outcomes.Ingest.Contract;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-generate-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Generate_writes_a_drop_folder_of_the_eight_contract_files_and_the_truth_beside_it()
    {
        var run = await CliProcess.RunAsync("", "generate", "--out", _folder, "--episodes", "300", "--facilities", "2", "--dirty", "0.01", "--end-date", "2025-12-31");

        Assert.True(run.ExitCode == 0, run.Output + run.Errors);
        Assert.Equal(DataContract.Files.Select(f => f.Name + ".csv").Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(Path.Combine(_folder, "drop")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["cohort.csv", "courses.csv", "dirty_rows.csv", "effects.csv", "episodes.csv"],
            Directory.EnumerateFiles(Path.Combine(_folder, "truth")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("end_date,2025-12-31", File.ReadAllText(Path.Combine(_folder, "truth", "cohort.csv")), StringComparison.Ordinal);
        Assert.Equal(301, File.ReadLines(Path.Combine(_folder, "truth", "episodes.csv")).Count());
        Assert.Contains("300 episodes", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_of_range_options_are_explained_and_nothing_is_written()
    {
        var run = await CliProcess.RunAsync("", "generate", "--out", _folder, "--dirty", "2", "--facilities", "0", "--end-date", "31/12/2025");
        var rates = await CliProcess.RunAsync("", "generate", "--out", _folder, "--dirty", "2", "--facilities", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--end-date: expected a date written YYYY-MM-DD", run.Errors, StringComparison.Ordinal);
        Assert.Equal(2, rates.ExitCode);
        Assert.Contains("--dirty: expected a rate from 0 to 0.5", rates.Errors, StringComparison.Ordinal);
        Assert.Contains("--facilities: expected 1 to 99", rates.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
