using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Synthetic.Tests.Truth;

/// <summary>
/// truth/landmark_risk.csv, the true risk at each landmark, against what the generator then planted: computed by Bayes'
/// rule from the planted law, it must agree with the planted endings in number and in spread (a calibration slope of 1),
/// and see more than the episode's baseline risk does. Measured (6,000 episodes, seed 5, whole-stay landmarks): see the
/// test output.
/// </summary>
public sealed class LandmarkOracleTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<int> Days = LandmarkSet.WholeStay.Days;

    [Fact]
    public void Asking_for_the_landmark_risk_adds_its_file_and_leaves_every_other_file_byte_identical()
    {
        using var plain = new GeneratedCohort(episodes: 800, dirtyRate: 0.01, seed: 7);
        using var withRisk = new GeneratedCohort(episodes: 800, dirtyRate: 0.01, seed: 7, landmarkRiskDays: Days);

        var files = Files(plain);
        Assert.DoesNotContain(Path.Combine("truth", "landmark_risk.csv"), files);
        Assert.Equal([.. files.Append(Path.Combine("truth", "landmark_risk.csv")).Order(StringComparer.Ordinal)], Files(withRisk));
        foreach (var file in files)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(plain.Folder, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(withRisk.Folder, file))),
                $"{file} differs when the landmark risk is written");
        }

        Assert.NotEmpty(withRisk.Truth("landmark_risk.csv").Rows);
    }

    [Fact]
    public void The_true_landmark_risk_predicts_the_planted_endings_in_number_and_spread_and_better_than_the_baseline_risk()
    {
        using var cohort = new GeneratedCohort(episodes: 6000, dirtyRate: 0, seed: 5, landmarkRiskDays: Days);
        var episodes = cohort.Truth("episodes.csv").Rows.ToDictionary(r => r["episode_id"]);
        var rows = cohort.Truth("landmark_risk.csv").Rows;
        Assert.All(rows, r => Assert.Contains(r["episode_id"], episodes.Keys));
        Assert.All(rows, r => Assert.Contains(int.Parse(r["landmark_day"], CultureInfo.InvariantCulture), Days));

        // Complete windows: an unplanned discharge within the horizon, as planted.
        var complete = rows.Where(r => r["true_dropout_by_end_date"] == "").ToList();
        var risks = complete.Select(r => Number(r["true_dropout_within_horizon"])).ToArray();
        var outcomes = complete.Select(r =>
        {
            var episode = episodes[r["episode_id"]];
            return episode["planted_unplanned_discharge"] == "yes"
                && Date(episode["planted_discharge_date"]) <= Date(r["snapshot_date"]).AddDays(int.Parse(r["horizon_days"], CultureInfo.InvariantCulture));
        }).ToArray();
        var baseline = complete.Select(r => Number(episodes[r["episode_id"]]["true_dropout_probability"])).ToArray();
        var (slope, intercept) = Calibration.SlopeAndIntercept(risks, outcomes);
        var expected = risks.Sum();
        var spread = Math.Sqrt(risks.Sum(p => p * (1 - p)));
        var auroc = Discrimination.Auroc(risks, outcomes);
        var baselineAuroc = Discrimination.Auroc(baseline, outcomes);
        output.WriteLine(FormattableString.Invariant(
            $"{complete.Count} complete windows: {outcomes.Count(o => o)} dropouts, {expected:F1} expected (sd {spread:F1}); slope {slope:F3}, intercept {intercept:F3}; AUROC {auroc:F3}, baseline {baselineAuroc:F3}"));

        Assert.InRange(outcomes.Count(o => o), expected - 4 * spread, expected + 4 * spread);
        Assert.InRange(slope, 0.9, 1.1);
        Assert.True(auroc > baselineAuroc + 0.1, $"landmark risk {auroc:F3}, baseline {baselineAuroc:F3}");

        // Windows cut by the end date: dropouts and discharges on record by then.
        var cut = rows.Where(r => r["true_dropout_by_end_date"] != "").ToList();
        var end = cohort.Options.EndDate;
        var dropouts = cut.Count(r => episodes[r["episode_id"]]["planted_unplanned_discharge"] == "yes" && Date(episodes[r["episode_id"]]["planted_discharge_date"]) <= end);
        var recorded = cut.Count(r => episodes[r["episode_id"]]["recorded_discharge_reason"] != "");
        var expectedDropouts = cut.Sum(r => Number(r["true_dropout_by_end_date"]));
        var expectedRecorded = cut.Sum(r => Number(r["true_discharge_recorded_by_end_date"]));
        output.WriteLine(FormattableString.Invariant(
            $"{cut.Count} cut windows: {dropouts} dropouts by the end date ({expectedDropouts:F1} expected), {recorded} discharges on record ({expectedRecorded:F1} expected)"));
        Assert.InRange(dropouts, expectedDropouts - 4 * Spread(cut, "true_dropout_by_end_date"), expectedDropouts + 4 * Spread(cut, "true_dropout_by_end_date"));
        Assert.InRange(recorded, expectedRecorded - 4 * Spread(cut, "true_discharge_recorded_by_end_date"), expectedRecorded + 4 * Spread(cut, "true_discharge_recorded_by_end_date"));
    }

    private static double Spread(IEnumerable<CsvTable.Row> rows, string column) =>
        Math.Sqrt(rows.Sum(r => Number(r[column]) * (1 - Number(r[column]))));

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<string> Files(GeneratedCohort cohort) =>
        [.. Directory.EnumerateFiles(cohort.Folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(cohort.Folder, f)).Order(StringComparer.Ordinal)];
}
