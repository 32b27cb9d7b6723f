using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Ingest.Contract;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-generate-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Generate_writes_a_drop_folder_of_every_contract_file_and_the_truth_beside_it()
    {
        var run = await CliProcess.RunAsync("", "generate", "--out", _folder, "--episodes", "300", "--facilities", "2", "--dirty", "0.01", "--end-date", "2025-12-31");

        Assert.True(run.ExitCode == 0, run.Output + run.Errors);
        Assert.Equal(DataContract.Files.Select(f => f.Name + ".csv").Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(Path.Combine(_folder, "drop")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["cohort.csv", "courses.csv", "dirty_rows.csv", "effects.csv", "episodes.csv", "measurement.csv"],
            Directory.EnumerateFiles(Path.Combine(_folder, "truth")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("end_date,2025-12-31", File.ReadAllText(Path.Combine(_folder, "truth", "cohort.csv")), StringComparison.Ordinal);
        Assert.Equal(301, File.ReadLines(Path.Combine(_folder, "truth", "episodes.csv")).Count());
        Assert.Contains("300 episodes", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_landmark_risk_the_truth_also_holds_the_true_risk_at_the_models_landmark_days_and_the_drop_is_the_same()
    {
        var plain = Path.Combine(_folder, "plain");
        var withRisk = Path.Combine(_folder, "with-risk");
        var first = await CliProcess.RunAsync("", "generate", "--out", plain, "--episodes", "300", "--facilities", "2");
        var second = await CliProcess.RunAsync("", "generate", "--out", withRisk, "--episodes", "300", "--facilities", "2", "--landmark-risk");

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Errors + second.Errors);
        Assert.Contains("landmark_risk.csv", second.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(plain, "truth", "landmark_risk.csv")));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(plain, "drop")))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(withRisk, "drop", Path.GetFileName(file))));
        }

        var lines = File.ReadAllLines(Path.Combine(withRisk, "truth", "landmark_risk.csv"));
        var header = lines[0].Split(',');
        Assert.Equal("facility_id,episode_id,landmark_day,snapshot_date,horizon_days,true_dropout_within_horizon,true_dropout_by_end_date,true_discharge_recorded_by_end_date", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains(int.Parse(r[Array.IndexOf(header, "landmark_day")], System.Globalization.CultureInfo.InvariantCulture), LandmarkSet.Default.Days));
        Assert.All(rows, r => Assert.Equal("30", r[Array.IndexOf(header, "horizon_days")]));
        Assert.All(rows, r => Assert.InRange(double.Parse(r[Array.IndexOf(header, "true_dropout_within_horizon")], System.Globalization.CultureInfo.InvariantCulture), 0, 1));
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
