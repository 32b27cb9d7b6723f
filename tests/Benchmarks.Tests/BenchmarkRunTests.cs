using Dapper;
using Npgsql;
using Outcomes.Database.Connection;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Benchmarks.Tests;

/// <summary>
/// Each benchmark runs end to end at the smallest size, in process, against the tests' server: its own scratch
/// databases (a name of this class's own, dropped after) and scratch folder, so a real run's history is left alone.
/// The analysis, model and report benchmarks share one history of the same size, as they do at full size.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class BenchmarkRunTests : IAsyncLifetime
{
    private const string Episodes = "60";
    private readonly string _prefix = "test_bench_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _work = Directory.CreateTempSubdirectory("outcomes-bench-").FullName;
    private string _admin = "";

    public async Task InitializeAsync() => _admin = await TestDatabase.AdminConnectionStringAsync();

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Process)]
    public async Task The_ingest_benchmark_loads_every_row_then_prints_its_time_against_psql_copy_with_and_without_indexes_and_pgloader()
    {
        var (exit, output) = await RunAsync("ingest", "--rows", "3");

        Assert.Equal(0, exit);
        Assert.Contains("rows:                          3", output, StringComparison.Ordinal);
        Assert.Matches(@"outcomes ingest: +[0-9.]+ s", output);
        Assert.Matches(@"psql \\copy, plain table: +[0-9.]+ s .* ratio [0-9.]+", output);
        Assert.Matches(@"psql \\copy, the three indexes: +[0-9.]+ s .* ratio [0-9.]+ \(target at least 0.75\)", output);
        Assert.Matches(@"pgloader, the three indexes: +[0-9.]+ s .* ratio [0-9.]+", output);
        Assert.Contains("peak memory:", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
    }

    [Fact]
    public async Task The_analysis_benchmark_times_the_month_the_trailing_year_and_the_month_as_analyst_against_a_grouped_scan()
    {
        var (exit, output) = await RunAsync("analyze", "--episodes", Episodes, "--sessions-per-episode", "1");

        Assert.Equal(0, exit);
        Assert.Contains("sessions in the history:        60", output, StringComparison.Ordinal);
        Assert.Matches(@"one grouped scan of sessions: +[0-9.]+ s", output);
        foreach (var period in new[] { "2026-10 ", "12m:2026-10 ", "2026-10 as analyst " })
        {
            Assert.Matches(@"analysis " + System.Text.RegularExpressions.Regex.Escape(period) + @" *[0-9.]+ s  \([0-9,]+ figures\)  ratio [0-9.]+", output);
        }
    }

    [Fact]
    public async Task The_model_benchmark_trains_scores_and_scores_the_patients_in_care_of_the_history()
    {
        var (exit, output) = await RunAsync("model", "--rows", "1000", "--episodes", Episodes);

        Assert.Equal(0, exit);
        Assert.Matches(@"training on 1,000 rows: +[0-9.]+ s", output);
        Assert.Matches(@"scoring with reasons: +[0-9.]+ s", output);
        Assert.Matches(@"patients in care, 60-episode history: [0-9,]+ scored, flagged and stored in [0-9.]+ s", output);
    }

    [Fact]
    public async Task The_landmark_benchmark_compares_both_landmark_sets_on_the_same_held_out_patients_and_by_day()
    {
        var (exit, output) = await RunAsync("landmarks", "--episodes", "1500");

        Assert.Equal(0, exit);
        Assert.Matches(@"first month +own test rows +[0-9,]+ .* domain days 7–28", output);
        Assert.Matches(@"whole stay +own test rows +[0-9,]+ .* domain days 3–", output);
        Assert.Matches(@"shared days 7, 14, 21, 28: [0-9,]+ test snapshots", output);
        Assert.Matches(@"difference \(whole stay - first month\) [-+][0-9.]+ \([-+][0-9.]+ to [-+][0-9.]+\): (no worse|worse) on the shared days", output);
        Assert.Matches(@"whole stay +day +3 ", output);
        Assert.Matches(@"whole stay +day +42 ", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
    }

    [Fact]
    public async Task The_report_benchmark_writes_the_workbook_with_no_runs_stored_then_with_them()
    {
        var (exit, output) = await RunAsync("report", "--episodes", Episodes, "--sessions-per-episode", "1");

        Assert.Equal(0, exit);
        Assert.Matches(@"workbook, no runs stored: +[0-9.]+ s  \(facility FAC1: [0-9]+ monthly analyses run", output);
        Assert.Matches(@"workbook, runs stored: +[0-9.]+ s", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
    }

    [Fact]
    public async Task The_web_benchmark_serves_each_page_to_a_facility_limited_login_and_prints_its_median_and_max_against_the_target()
    {
        var (exit, output) = await RunAsync("web", "--episodes", Episodes, "--sessions-per-episode", "1", "--requests", "3");

        Assert.Equal(0, exit);
        Assert.Matches(@"history: +60 episodes; facility FAC1: [0-9,]+ flags in a year, [0-9,]+ reviewed", output);
        foreach (var page in new[] { "worklist", "worklist, all statuses", "usefulness" })
        {
            Assert.Matches(@"page " + System.Text.RegularExpressions.Regex.Escape(page + ":") + @" +median +[0-9]+ ms  max +[0-9]+ ms  \(3 requests, first [0-9]+ ms, [0-9]+ KB\)  target under 300 ms: (met|median met, max not|not met)", output);
        }

        await using var admin = new NpgsqlConnection(_admin);
        Assert.False(await admin.ExecuteScalarAsync<bool>("select exists (select 1 from pg_roles where rolname = @Login)", new { Login = "web_" + _prefix }));
    }

    [Fact]
    public async Task The_scale_benchmark_times_each_cost_at_each_size_of_a_history_with_the_same_month_fits_its_exponent_and_draws_the_chart()
    {
        var chart = Path.Combine(Directory.CreateTempSubdirectory("outcomes-scale-").FullName, "images", "scale.png");
        try
        {
            var (exit, output) = await RunAsync("scale", "--episodes", "4000,2000", "--sessions-per-episode", "2", "--project-to", "100000", "--training-rows", "1000", "--warm-up-episodes", "0", "--same-month", "--chart", chart);

            Assert.Equal(0, exit);
            Assert.Matches(@"\[2,000 episodes\] a month's analysis: [0-9.]+ s", output);
            Assert.Matches(@"\[4,000 episodes\] ingest of the next month: [0-9.]+ s \([0-9,]+ rows onto 8,000\)", output);
            Assert.Matches(@"episodes +2,000 +4,000  exponent b +at 100,000 episodes", output);
            foreach (var cost in new[] { "a month's analysis", "the trailing year's analysis", "one facility's monthly workbook", "scoring the patients in care", "ingest of the next month" })
            {
                // Two sizes: an exponent, a projection, no range.
                Assert.Matches(System.Text.RegularExpressions.Regex.Escape(cost) + @" +[0-9.]+ +[0-9.]+  -?[0-9]+\.[0-9]{2} +[0-9.]+ s\r?$", output.ReplaceLineEndings("\n").Split('\n').First(l => l.StartsWith(cost, StringComparison.Ordinal)));
            }

            Assert.Matches(@"sessions in the history +4,000 +8,000", output);
            // The same month at both sizes: the larger history spans twice the years.
            Assert.Matches(@"\[4,000 episodes\] building the history \(2 sessions per episode, admissions over 4 years\)", output);
            Assert.Matches(@"years of admissions +2 +4 *\r?\n", output);
            Assert.Contains("The month holds the same work at every size", output, StringComparison.Ordinal);
            Assert.True(new FileInfo(chart).Length > 10_000);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(chart)[..4]);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
            await using var admin = new NpgsqlConnection(_admin);
            Assert.False(await admin.ExecuteScalarAsync<bool>("select exists (select 1 from pg_database where datname = @Name)", new { Name = _prefix + "_scale" }));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(chart))!, recursive: true);
        }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(_admin))
        {
            await admin.OpenAsync();
            foreach (var name in new[] { _prefix, _prefix + "_analysis", _prefix + "_landmarks", _prefix + "_scale" })
            {
                await admin.ExecuteAsync($"drop database if exists {name} with (force)");
            }
        }

        Directory.Delete(_work, recursive: true);
    }

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var context = new BenchContext(output, TimeProvider.System, DatabaseSettings.Validate(_admin), _work, _prefix);
        var exit = await BenchCommands.RunAsync(args, context);
        return (exit, output.ToString());
    }
}
