using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// Figures whose units repeat within a patient get intervals cluster-robust by patient, computed from the patients'
/// sums in SQL. Planted screens in October 2026 (positives of screens with a result, per patient and level):
///   F1: A IOP 1 of 2, PHP 2 of 2 | B IOP 0 of 2 | C IOP 2 of 2, PHP 1 of 1 | D IOP 0 of 3, PHP 1 of 2 | E IOP 1 of 1 |
///       F PHP 1 of 3. A, C and D stepped down from PHP to IOP (two episodes each, one patient).
///       IOP 4 of 10 = 0.4, PHP 5 of 8 = 0.625 (the data of ClusterRobustDifferenceTests, checked there against R).
///   F2: ten IOP patients, two of each of 3 of 4, 0 of 2, 3 of 3, 1 of 5, 1 of 1: 16 of 30.
///   F3: W1 in PHP tested twice a week (Mondays and Thursdays) from 1 October, positive on 5, 19 and 22 October and on
///       Sunday 1 November; W2 in IOP tested on Wednesdays 7-28 October, positive on the 7th.
/// The run uses a small-cell threshold of 2, so that these few patients' figures and counts are shown.
/// </summary>
public sealed class ClusteredFiguresTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Through = new(2026, 11, 25);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-clustered-" + Guid.NewGuid().ToString("N")[..10]);
    private AnalysisRun _run = null!;

    public async Task InitializeAsync()
    {
        WriteDrop();
        var ingest = await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(_folder, new IngestOptions { Today = Through });
        Assert.All(ingest.Files, f => Assert.Equal(0, f.RowsQuarantined));
        _run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy(2)).RunAsync(ReportingPeriod.Parse("2026-10"), null, Through);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void A_rate_of_screens_gets_the_hand_computed_cluster_robust_interval_with_t_on_patients_minus_one()
    {
        // F2, by hand: ȳ = 16/30 = 8/15; residuals y_c − ȳn_c: 13/15, −16/15, 21/15, −25/15, 7/15, each twice:
        // Σ² = 2 × 1540/225. Var = (10/9)(3080/225)/30² = 308/18225 = 0.0168999, SE 0.1299995.
        // t(0.975; 9 df) = 2.262157163 (R qt). Design effect: s² = 30(8/15)(7/15)/29, s²/N = 0.0085824, so 1.969136.
        var f2 = _run.Find("positive_screen_per_screen", "F2", "iop").Single();
        var half = 2.262157163 * Math.Sqrt(308.0 / 18225);

        Assert.Equal((16.0, 30.0, 30), (f2.Numerator!.Value, f2.Denominator!.Value, f2.N));
        Assert.Equal((8.0 / 15) - half, f2.LowerBound!.Value, 7);
        Assert.Equal((8.0 / 15) + half, f2.UpperBound!.Value, 7);
        Assert.Equal("cluster-robust by patient (CR1), 10 patients, design effect 1.97", f2.Note!.Split("; ")[0]);
    }

    [Fact]
    public void A_patient_with_php_and_iop_screens_is_one_cluster_where_the_levels_are_pooled()
    {
        // F1, both levels: A 3 of 4, B 0 of 2, C 3 of 3, D 1 of 5, E 1 of 1, F 1 of 3: 9 of 18, six patients (nine
        // episodes). Residuals y_c − n_c/2: 1, −1, 1.5, −1.5, 0.5, −0.5; Σ² = 7; Var = (6/5)(7)/18² = 7/270, SE 0.1610153;
        // t(0.975; 5 df) = 2.57058183564. Design effect (7/270)/(18(1/4)/17/18) = 1.762963.
        var pooled = _run.Find("positive_screen_per_screen", "F1").Single();
        var half = 2.57058183564 * Math.Sqrt(7.0 / 270);

        Assert.Equal((9.0, 18.0), (pooled.Numerator!.Value, pooled.Denominator!.Value));
        Assert.Equal(0.5 - half, pooled.LowerBound!.Value, 7);
        Assert.Equal(0.5 + half, pooled.UpperBound!.Value, 7);
        Assert.Equal("cluster-robust by patient (CR1), 6 patients, design effect 1.76", pooled.Note!.Split("; ")[0]);
    }

    [Fact]
    public void The_iop_minus_php_difference_matches_r_sandwich_with_the_patients_in_both_levels_counted_once()
    {
        // R 4.2.2, sandwich 3.0-2 on the F1 screens: vcovCL(lm(y ~ iop), cluster = ~id, type = "HC0", cadjust = TRUE):
        // coefficient −0.225, SE 0.220796144667 (ClusterRobustDifferenceTests). t(0.975; 5 df) = 2.57058183564.
        var difference = _run.Find("positive_screen_per_screen", "F1", Figure.IopMinusPhp).Single();

        Assert.Equal(-0.225, difference.Estimate!.Value, 10);
        Assert.Equal(-0.225 - (2.57058183564 * 0.220796144667), difference.LowerBound!.Value, 7);
        Assert.Equal(-0.225 + (2.57058183564 * 0.220796144667), difference.UpperBound!.Value, 7);
        Assert.Equal(18, difference.N);
        Assert.StartsWith("IOP minus PHP, crude; cluster-robust by patient (CR1), 6 patients", difference.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void The_difference_carries_the_two_sided_p_value_of_its_wald_t_test()
    {
        // t = 0.225 / 0.220796144667 = 1.019040 on 5 df. Student's t with 5 df has a closed-form distribution function
        // (Abramowitz and Stegun 26.7.3): F(t) = 1/2 + (θ + sin θ cos θ (1 + 2/3 cos² θ)) / π, θ = atan(t/√5);
        // p = 2(1 − F(t)) = 0.354932 (R: 2 * pt(-1.019040, 5)).
        var t = 0.225 / 0.220796144667;
        var theta = Math.Atan(t / Math.Sqrt(5));
        var cdf = 0.5 + ((theta + (Math.Sin(theta) * Math.Cos(theta) * (1 + (2.0 / 3 * Math.Cos(theta) * Math.Cos(theta))))) / Math.PI);

        var difference = _run.Find("positive_screen_per_screen", "F1", Figure.IopMinusPhp).Single();

        Assert.Equal(2 * (1 - cdf), difference.PValue!.Value, 8);
        Assert.Equal(0.354932, difference.PValue!.Value, 5);
    }

    [Fact]
    public void For_all_three_facilities_the_interval_stays_clustered_by_patient_and_says_there_are_too_few_facilities()
    {
        // IOP screens of all facilities: F1's five patients, F2's ten and W2 (F3): 21 of 44, 16 patients; F1 to F3 are too
        // few facilities to cluster by (at least 20), so the figure is the patients' sums added up, clustered by patient.
        var pooled = _run.Find("positive_screen_per_screen", Figure.All, "iop").Single();

        Assert.Equal((21.0, 44.0), Counts(pooled));
        Assert.StartsWith("cluster-robust by patient (CR1), 16 patients, design effect", pooled.Note, StringComparison.Ordinal);
        Assert.Contains("; 3 facilities are too few to cluster by facility", pooled.Note, StringComparison.Ordinal);
        Assert.Contains("Wald t test; 3 facilities are too few to cluster by facility",
            _run.Find("positive_screen_per_screen", Figure.All, Figure.IopMinusPhp).Single().Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Weeks_tested_count_each_week_with_a_screen_once_in_the_month_of_its_monday()
    {
        // W1 (PHP, twice a week): screens 1-29 October, 9, positive 3 (1 November is not in October). Weeks: 1 October's
        // (Monday 28 September) belongs to September; 5 October's positive, 12 October's not, 19 October's positive,
        // 26 October's positive through Sunday 1 November: 3 of 4. W2 (IOP, weekly): 1 of 4 screens and 1 of 4 weeks.
        Assert.Equal((3.0, 9.0), Counts(_run.Find("positive_screen_per_screen", "F3", "php").Single()));
        Assert.Equal((3.0, 4.0), Counts(_run.Find("positive_screen_per_week_tested", "F3", "php").Single()));
        Assert.Equal((1.0, 4.0), Counts(_run.Find("positive_screen_per_week_tested", "F3", "iop").Single()));
        Assert.Equal(1.0 / 4 - (3.0 / 4), _run.Find("positive_screen_per_week_tested", "F3", Figure.IopMinusPhp).Single().Estimate!.Value, 10);
        // F2's screens from Friday 2 October: only those from Monday 5 October fall in October's weeks. Of the five
        // patterns, 3 of 4 and 1 of 5 reach that week (one negative week each), twice: 0 of 4.
        Assert.Equal((0.0, 4.0), Counts(_run.Find("positive_screen_per_week_tested", "F2", "iop").Single()));
    }

    [Fact]
    public async Task A_note_gives_no_small_count_of_patients_and_a_hidden_figure_none_at_all()
    {
        var run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy()).RunAsync(ReportingPeriod.Parse("2026-10"), null, Through);

        Assert.StartsWith("cluster-robust by patient (CR1), fewer than 11 patients, design effect", run.Find("positive_screen_per_screen", "F2", "iop").Single().Note, StringComparison.Ordinal);
        var pooled = run.Find("positive_screen_per_screen", "F1").Single();
        Assert.True(pooled.Suppressed);
        Assert.Equal("cluster-robust by patient (CR1)", pooled.Note!.Split("; ")[0]);
        Assert.StartsWith("IOP minus PHP, crude; cluster-robust by patient (CR1); Wald t test", run.Find("positive_screen_per_screen", "F1", Figure.IopMinusPhp).Single().Note, StringComparison.Ordinal);
    }

    private static (double, double) Counts(Figure figure) => (figure.Numerator!.Value, figure.Denominator!.Value);

    private void WriteDrop()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "programs.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            F1,IOP,Adult IOP,IOP,2.1,3,8,9
            F1,PHP,Adult PHP,PHP,2.5,3,3,20
            F2,IOP,Second IOP,IOP,2.1,3,8,9
            F3,IOP,Third IOP,IOP,2.1,3,8,9
            F3,PHP,Third PHP,PHP,2.5,3,3,20

            """);
        var patients = new StringBuilder("facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer\n");
        var episodes = new StringBuilder("facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment\n");
        var screens = new StringBuilder("facility_id,screen_id,episode_id,collection_date,result,substances\n");
        var screenId = 0;
        void Screens(string facility, string episode, DateOnly first, int positives, int total)
        {
            for (var i = 0; i < total; i++)
            {
                screenId++;
                screens.Append(CultureInfo.InvariantCulture, $"{facility},U{screenId},{episode},{first.AddDays(i):yyyy-MM-dd},{(i < positives ? "positive,opiates" : "negative,")}\n");
            }
        }

        void Patient(string facility, string id) =>
            patients.Append(CultureInfo.InvariantCulture, $"{facility},{id},1985,female,white,not_hispanic,alcohol,no,individual,medicaid\n");

        // F1: PHP 28 September - 9 October, stepped down to IOP from 12 October; IOP screens from 13 October, PHP from 1 October.
        foreach (var (id, iop, php) in new[] { ("A", (1, 2), (2, 2)), ("B", (0, 2), (0, 0)), ("C", (2, 2), (1, 1)), ("D", (0, 3), (1, 2)), ("E", (1, 1), (0, 0)), ("F", (0, 0), (1, 3)) })
        {
            Patient("F1", id);
            if (php.Item2 > 0)
            {
                var steppedDown = iop.Item2 > 0;
                episodes.Append(CultureInfo.InvariantCulture,
                    $"F1,{id}P,{id},PHP,2026-09-28,2026-10-09,{(steppedDown ? "transferred" : "completed")},{(steppedDown ? id + "I" : "")},no\n");
                Screens("F1", id + "P", new DateOnly(2026, 10, 1), php.Item1, php.Item2);
            }

            if (iop.Item2 > 0)
            {
                episodes.Append(CultureInfo.InvariantCulture, $"F1,{id}I,{id},IOP,2026-10-12,,,,no\n");
                Screens("F1", id + "I", new DateOnly(2026, 10, 13), iop.Item1, iop.Item2);
            }
        }

        var f2 = new[] { (3, 4), (0, 2), (3, 3), (1, 5), (1, 1) };
        for (var i = 0; i < 10; i++)
        {
            var id = $"Q{i}";
            Patient("F2", id);
            episodes.Append(CultureInfo.InvariantCulture, $"F2,{id},{id},IOP,2026-10-01,,,,no\n");
            Screens("F2", id, new DateOnly(2026, 10, 2), f2[i % 5].Item1, f2[i % 5].Item2);
        }

        Patient("F3", "W1");
        Patient("F3", "W2");
        episodes.Append("F3,W1,W1,PHP,2026-10-01,,,,no\nF3,W2,W2,IOP,2026-10-01,,,,no\n");
        foreach (var (day, positive) in new[] { (1, false), (5, true), (8, false), (12, false), (15, false), (19, true), (22, true), (26, false), (29, false), (32, true) })
        {
            screenId++;
            screens.Append(CultureInfo.InvariantCulture, $"F3,U{screenId},W1,{new DateOnly(2026, 9, 30).AddDays(day):yyyy-MM-dd},{(positive ? "positive,opiates" : "negative,")}\n");
        }

        foreach (var day in new[] { 7, 14, 21, 28 })
        {
            screenId++;
            screens.Append(CultureInfo.InvariantCulture, $"F3,U{screenId},W2,2026-10-{day:00},{(day == 7 ? "positive,opiates" : "negative,")}\n");
        }

        File.WriteAllText(Path.Combine(_folder, "patients.csv"), patients.ToString());
        File.WriteAllText(Path.Combine(_folder, "episodes.csv"), episodes.ToString());
        File.WriteAllText(Path.Combine(_folder, "drug_screens.csv"), screens.ToString());
    }
}
