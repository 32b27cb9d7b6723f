using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Runs.Families;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// A hand-made facility whose October 2026 figures are known by counting:
///   IOP discharged in October after 42 days: 12 completed, 6 dropped out, 2 left against advice.
///   IOP admitted 2026-10-05: 2 dropped out on day 10 (also October discharges), 2 still in care on 2026-11-25.
///   So IOP discharged in October: 22, of them 12 completed and 10 unplanned.
///   PHP discharged in October after 14 days: 6 completed, 6 dropped out, 3 transferred (15).
/// Episodes are numbered in that order: E1-E20 the IOP discharges (E1-E12 completed, E1 discharged 1 October,
/// E20 on the 20th), E21-E35 PHP, E36-E37 the early dropouts, E38 (A) and E39 (B) still in care.
///   A attends Monday, Wednesday and Friday for 180 minutes in the weeks of 5, 12 and 19 October (9 h a week);
///   B the same but misses each Friday (no-show): 6 h a week, below the IOP minimum of 9 h.
///   Screens each of those Mondays: A positive in the first week only, B always negative.
///   E1-E5 had an attended family session; E1-E4 had a 30-day follow-up: E1-E3 reached (abstinent yes, yes,
///   no), E4 not reached. E6 (discharged 6 October) was readmitted on 20 October.
/// A second facility, F2, holds a step-down pathway: PHP episodes S1-S3 (discharged 14-16 October) stepped
/// down to IOP episodes S4-S6; S4 completed on 20 November, S5 dropped out on 30 October, S6 is in care;
/// PHP episode S7 completed on 10 October without a step-down.
/// </summary>
public sealed class PeriodAnalysisTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Through = new(2026, 11, 25);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-analysis-" + Guid.NewGuid().ToString("N")[..10]);
    private AnalysisRun _run = null!;

    public async Task InitializeAsync()
    {
        WriteDrop();
        var ingest = await new FolderIngestor(database.DataSource, NullLogger.Instance)
            .IngestAsync(_folder, new IngestOptions { Today = Through });
        Assert.All(ingest.Files, f => Assert.Equal(0, f.RowsQuarantined));
        _run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy())
            .RunAsync(ReportingPeriod.Parse("2026-10"), null, Through);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Completion_counts_discharges_of_the_period_by_level_and_differs_by_the_hand_computed_amount()
    {
        var iop = _run.Find("completion", "F1", "iop").Single();
        var php = _run.Find("completion", "F1", "php").Single();
        var difference = _run.Find("completion", "F1", Figure.IopMinusPhp).Single();

        Assert.Equal((12.0, 22.0, 12.0 / 22), (iop.Numerator!.Value, iop.Denominator!.Value, iop.Estimate!.Value));
        Assert.Equal((6.0, 15.0, 0.4), (php.Numerator!.Value, php.Denominator!.Value, php.Estimate!.Value));
        Assert.Equal((12.0 / 22) - 0.4, difference.Estimate!.Value, 10);
        Assert.True(difference.LowerBound < 0.1 && difference.UpperBound > 0.2);
    }

    [Fact]
    public void Dropout_counts_dropped_out_left_against_advice_and_administrative_together()
    {
        Assert.Equal(10.0 / 22, _run.Find("dropout", "F1", "iop").Single().Estimate!.Value, 10);
        Assert.Equal(6.0 / 15, _run.Find("dropout", "F1", "php").Single().Estimate!.Value, 10);
        Assert.Equal(3.0 / 15, _run.Find("transfer", "F1", "php").Single().Estimate!.Value, 10);
        Assert.Equal(16.0 / 37, _run.Find("dropout", "F1", Figure.All).Single().Estimate!.Value, 10);
    }

    [Fact]
    public void Early_dropout_counts_admissions_of_the_period_that_left_unplanned_within_30_days()
    {
        var iop = _run.Find("early_dropout", "F1", "iop").Single();

        Assert.Equal((2.0, 4.0), (iop.Numerator!.Value, iop.Denominator!.Value));
        Assert.True(iop.Suppressed);
    }

    [Fact]
    public async Task Retention_of_october_admissions_halves_on_day_10_and_censors_those_still_in_care()
    {
        // With a threshold of 2, the two still at risk on day 28 are enough to give the curve's share.
        var run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy(2)).RunAsync(ReportingPeriod.Parse("2026-10"), null, Through);
        var median = run.Find("retention_median_days", "F1", "iop").Single();
        var day28 = run.Find("retention_curve", "F1", "iop", "day 28").Single();

        Assert.Equal(10, median.Estimate);
        Assert.Equal(0.5, day28.Estimate!.Value, 10);
        Assert.Equal(4, day28.N);
    }

    [Fact]
    public void A_retention_share_resting_on_fewer_than_11_at_risk_or_past_the_last_day_followed_is_not_stored()
    {
        var day28 = _run.Find("retention_curve", "F1", "iop", "day 28").Single();
        var day56 = _run.Figures.Single(f => f is { Metric: "retention_curve", FacilityId: "F1", LevelOfCare: "iop", Grouping: "day 56" });

        Assert.Null(day28.Estimate);
        Assert.Equal("not estimable: 2 at risk on day 28, fewer than 11", day28.Note);
        Assert.Null(day56.Estimate);
        Assert.Equal(0.0, day56.Numerator);
        Assert.Equal("not estimable: nobody was followed to day 56", day56.Note);
    }

    [Fact]
    public async Task The_retention_curve_is_stored_every_7_days_with_the_number_at_risk_and_the_greenwood_interval()
    {
        // A threshold of 2 at risk, so that the four admissions of the hand example give shares.
        var run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy(2)).RunAsync(ReportingPeriod.Parse("2026-10"), null, Through);
        // F1's four IOP admissions of 5 October: two leave on day 10, two are censored on day 51 (25 November).
        // Day 0 and 7: all 4 at risk, S = 1. Day 14: 2 at risk, S = 1 - 2/4 = 0.5; Greenwood variance of log S
        // 2 / (4 x 2) = 0.25, so the log-scale interval is 0.5 x exp(-1.96 x 0.5) = 0.1877 to min(1, 0.5 x exp(1.96 x 0.5)) = 1.
        // Day 49: the two censored on day 51 are still at risk; day 56: nobody is, so no share is given.
        var curve = run.Figures.Where(f => f.Metric == "retention_curve" && f.FacilityId == "F1" && f.LevelOfCare == "iop").ToDictionary(f => f.Grouping);
        var z = 1.959964;

        Assert.Equal(27, curve.Count);
        Assert.Equal([.. Enumerable.Range(0, 26).Select(w => $"day {w * 7}"), "day 180"], curve.Keys.OrderBy(k => int.Parse(k[4..], CultureInfo.InvariantCulture)));
        Assert.Equal((4.0, 1.0), (curve["day 0"].Numerator!.Value, curve["day 0"].Estimate!.Value));
        Assert.Equal((4.0, 1.0), (curve["day 7"].Numerator!.Value, curve["day 7"].Estimate!.Value));
        Assert.Equal((2.0, 0.5), (curve["day 14"].Numerator!.Value, curve["day 14"].Estimate!.Value));
        Assert.Equal(0.5 * Math.Exp(-z * 0.5), curve["day 14"].LowerBound!.Value, 4);
        Assert.Equal(1.0, curve["day 14"].UpperBound!.Value, 10);
        Assert.Equal((2.0, 0.5), (curve["day 49"].Numerator!.Value, curve["day 49"].Estimate!.Value));
        Assert.Equal(0.0, curve["day 56"].Numerator!.Value);
        Assert.Null(curve["day 56"].Estimate);
        Assert.All(curve.Values, f => Assert.Equal((4, 4.0, false), (f.N, f.Denominator!.Value, f.Suppressed)));
        // F1's data begin on 20 August (E1's admission): October's admissions fall in the 90-day run-in, so the share judged
        // against targets is not given, while the curve describes them (FixedWindowCohortTests).
        Assert.Null(run.Find("retention", "F1", "iop", "day 30").Single().Estimate);
    }

    [Fact]
    public void Length_of_stay_is_the_median_and_quartiles_of_days_in_care_by_discharge_reason()
    {
        var completedIop = _run.Find("length_of_stay_days", "F1", "iop", "completed").Single();
        var allPhp = _run.Find("length_of_stay_days", "F1", "php").Single();

        Assert.Equal((42.0, 42.0, 42.0, 12), (completedIop.Estimate!.Value, completedIop.LowerBound!.Value, completedIop.UpperBound!.Value, completedIop.N));
        Assert.Equal((14.0, 15), (allPhp.Estimate!.Value, allPhp.N));
    }

    [Fact]
    public void Weeks_meeting_the_asam_minimum_count_whole_weeks_in_care_within_the_period()
    {
        // IOP whole weeks (Monday to Sunday) in October inside a stay: E11-E17 one each (discharged 11-17
        // October), E18-E20 two each: 13; E36-E37 one (5-11 October): 2; A and B three each: 6. Total 21.
        // Met: A's three weeks (540 minutes each). PHP: E26-E31 (discharged 11-16 October) one week each: 6, none met.
        var iop = _run.Find("asam_weeks_met", "F1", "iop").Single();
        var php = _run.Find("asam_weeks_met", "F1", "php").Single();

        Assert.Equal((3.0, 21.0), (iop.Numerator!.Value, iop.Denominator!.Value));
        Assert.Equal((0.0, 6.0), (php.Numerator!.Value, php.Denominator!.Value));
    }

    [Fact]
    public async Task Weeks_at_the_asam_minimum_get_an_interval_cluster_robust_by_patient()
    {
        // A threshold of 2, so that the three weeks met and the 14 patients are not small cells.
        var run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy(2)).RunAsync(ReportingPeriod.Parse("2026-10"), null, Through);
        // The 21 IOP weeks of 14 patients: nine with one week unmet (E11-E17, E36, E37), three with two (E18-E20), A 3 of
        // 3, B 0 of 3. ȳ = 1/7; residuals y_c − n_c/7: −1/7 (nine), −2/7 (three), 18/7, −3/7; Σ² = 354/49.
        // Var = (14/13)(354/49)/21² = 236/13377 = 0.0176422; t(0.975; 13 df) = 2.160368656 (R qt). The lower end,
        // 1/7 − 0.287, is clipped to 0. As if independent s²/N = (21/20)(1/7)(6/7)/21, so the design effect is 2.88.
        var iop = run.Find("asam_weeks_met", "F1", "iop").Single();

        Assert.Equal(0, iop.LowerBound!.Value);
        Assert.Equal((1.0 / 7) + (2.160368656 * Math.Sqrt(236.0 / 13377)), iop.UpperBound!.Value, 7);
        // The planted sessions end in mid-October: the note says so after the interval's own words.
        Assert.Equal(["cluster-robust by patient (CR1), 14 patients, design effect 2.88", "sessions through 2026-10-23"], iop.Note!.Split("; "));
        Assert.Equal(21, iop.N);
    }

    [Fact]
    public void Attendance_and_no_shows_are_counted_from_the_sessions_of_the_period()
    {
        // A: 9 sessions x 180 attended; B: 6 x 180 attended and 3 no-shows: 2700 of 3240 minutes.
        var minutes = _run.Find("attended_minutes_share", "F1", "iop").Single();
        var noShow = _run.Find("no_show", "F1", "iop", "group").Single();

        Assert.Equal((2700.0, 3240.0), (minutes.Numerator!.Value, minutes.Denominator!.Value));
        Assert.Null(minutes.LowerBound);
        Assert.Equal((3.0, 18.0), (noShow.Numerator!.Value, noShow.Denominator!.Value));
    }

    [Fact]
    public async Task An_analysis_as_of_an_earlier_day_counts_only_the_sessions_and_whole_weeks_up_to_that_day()
    {
        // As of Friday 16 October: A attended 5, 7, 9, 12, 14 and 16 October; B the Mondays and Wednesdays and
        // missed both Fridays: 1800 of 2160 minutes, 2 no-shows of 12. One whole week (5-11 October) has passed:
        // in care all of it E11-E20 (10), E36-E37 (2), A and B (2); only A met 9 hours.
        var asOf = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy())
            .RunAsync(ReportingPeriod.Parse("2026-10"), null, new DateOnly(2026, 10, 16));

        Assert.Equal((1800.0, 2160.0), Counts(asOf.Find("attended_minutes_share", "F1", "iop").Single()));
        Assert.Equal((2.0, 12.0), Counts(asOf.Find("no_show", "F1", "iop", "group").Single()));
        Assert.Equal((1.0, 14.0), Counts(asOf.Find("asam_weeks_met", "F1", "iop").Single()));
    }

    [Fact]
    public void Family_involvement_counts_the_first_14_days_and_completion_is_compared_among_stays_of_14_days_or_more()
    {
        // October's IOP admissions (E36-E39) had their 14 days by 25 November; none had family involved.
        Assert.Equal((0.0, 4.0), Counts(_run.Find("family_involvement", "F1", "iop").Single()));
        // October's IOP discharges after 14 days or more: E1-E20 (E36-E37 left on day 10). E1-E5's family session fell on
        // day 7: all five completed; of E6-E20, E6-E12 completed.
        Assert.Equal((5.0, 5.0), Counts(_run.Find("completion_by_family_involvement", "F1", "iop", "with family involvement").Single()));
        Assert.Equal((7.0, 15.0), Counts(_run.Find("completion_by_family_involvement", "F1", "iop", "without family involvement").Single()));
    }

    [Fact]
    public void Relapse_figures_count_screens_readmissions_and_follow_ups_by_hand()
    {
        Assert.Equal((1.0, 6.0), Counts(_run.Find("positive_screen_per_screen", "F1", "iop").Single()));
        Assert.Equal((1.0, 2.0), Counts(_run.Find("positive_screen_per_patient", "F1", "iop").Single()));
        // Discharges other than by transfer whose 30 days had passed by 25 November: all 22 IOP, 12 PHP.
        Assert.Equal((1.0, 22.0), Counts(_run.Find("readmission_30d", "F1", "iop").Single()));
        Assert.Equal((0.0, 12.0), Counts(_run.Find("readmission_30d", "F1", "php").Single()));
        Assert.DoesNotContain(_run.Figures, f => f.Metric == "readmission_90d");
        // Follow-up on day 30 is due for every IOP discharge other than by transfer or death (E1-E20, E36-E37, all by
        // 26 October); E1-E3 were reached.
        Assert.Equal((3.0, 22.0), Counts(_run.Find("follow_up_reach", "F1", "iop", "day 30").Single()));
        Assert.Equal((2.0, 3.0), Counts(_run.Find("abstinence_at_follow_up", "F1", "iop", "day 30").Single()));
    }

    [Fact]
    public void The_share_still_free_of_a_positive_screen_leaves_out_admissions_in_the_run_in()
    {
        // October's IOP admissions (E36-E39) came within 90 days of F1's first admission on 20 August: none joins the
        // fixed-window cohort (the share itself is counted by hand in FixedWindowCohortTests).
        var day30 = _run.Find("free_of_positive_screen", "F1", "iop", "day 30").Single();

        Assert.Null(day30.Estimate);
        Assert.StartsWith("not estimable yet: every admission of the period falls in the first 90 days", day30.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_completeness_is_the_share_of_patients_in_care_whose_answer_is_known()
    {
        // Every F1 patient's answer is known. In F2, Q1-Q3 (last in IOP) are known, Q7 (PHP) is "unknown".
        Assert.Equal(1.0, _run.Find("field_completeness", "F1", "iop", "co_occurring_disorder").Single().Estimate!.Value, 10);
        Assert.Equal((0.0, 1.0), Counts(_run.Find("field_completeness", "F2", "php", "co_occurring_disorder").Single()));
        Assert.Equal((3.0, 4.0), Counts(_run.Find("field_completeness", "F2", Figure.All, "co_occurring_disorder").Single()));
        Assert.Equal((4.0, 4.0), Counts(_run.Find("field_completeness", "F2", Figure.All, "payer").Single()));
    }

    [Fact]
    public void Episodes_in_care_without_a_session_for_30_days_are_flagged_as_possibly_missing_a_discharge()
    {
        Assert.Equal((2.0, 2.0), Counts(_run.Find("missing_discharge", "F1", "iop").Single()));
    }

    [Fact]
    public void Step_downs_from_php_to_iop_and_their_completion_are_counted_along_the_transfer_links()
    {
        Assert.Equal((3.0, 4.0), Counts(_run.Find("step_down_to_iop", "F2", "php").Single()));
        // Of the three step-downs, S4 and S5 have ended their IOP episode; S4 completed it.
        Assert.Equal((1.0, 2.0), Counts(_run.Find("step_down_completed", "F2", "php").Single()));
    }

    [Fact]
    public async Task A_stored_run_reads_back_with_exactly_the_same_figures()
    {
        await AnalysisRunStore.SaveAsync(database.DataSource, _run);

        var stored = await AnalysisRunStore.LoadFiguresAsync(database.DataSource, _run.RunId);

        Assert.Equal(_run.Figures.Count, stored.Count);
        var completion = stored.Single(f => f.Metric == "completion" && f.FacilityId == "F1" && f.LevelOfCare == "iop" && f.ProgramKey is null);
        Assert.Equal(_run.Find("completion", "F1", "iop").Single(), completion);
        var difference = stored.Single(f => f.Metric == "completion" && f.FacilityId == "F1" && f.LevelOfCare == Figure.IopMinusPhp);
        Assert.Equal(_run.Find("completion", "F1", Figure.IopMinusPhp).Single(), difference);
        Assert.NotNull(difference.PValue);
    }

    [Fact]
    public void The_crude_iop_minus_php_difference_carries_the_p_value_of_pearsons_chi_square_without_correction()
    {
        // Completion in F1: IOP 12 of 22, PHP 6 of 15. The 2×2 table [[12, 10], [6, 9]]:
        // χ² = N(ad − bc)² / (r1·r2·c1·c2) = 37 × 48² / (22 × 15 × 18 × 19) = 0.7553429 on 1 df,
        // p = erfc(√(χ²/2)) = 0.3847899 (R: prop.test(c(12, 6), c(22, 15), correct = FALSE)).
        var difference = _run.Find("completion", "F1", Figure.IopMinusPhp).Single();

        Assert.Equal(0.3847899, difference.PValue!.Value, 6);
        Assert.Null(_run.Find("completion", "F1", "iop").Single().PValue);
    }

    [Fact]
    public void Periods_parse_months_quarters_years_and_trailing_twelve_months()
    {
        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), (ReportingPeriod.Parse("2026-10").Start, ReportingPeriod.Parse("2026-10").End));
        Assert.Equal((new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 30)), (ReportingPeriod.Parse("2026-Q3").Start, ReportingPeriod.Parse("2026-Q3").End));
        Assert.Equal((new DateOnly(2025, 11, 1), new DateOnly(2026, 10, 31)), (ReportingPeriod.Parse("12m:2026-10").Start, ReportingPeriod.Parse("12m:2026-10").End));
        Assert.Equal(new DateOnly(2026, 12, 31), ReportingPeriod.Parse("2026").End);
        Assert.Contains("expected a month (2026-10)", Assert.Throws<FormatException>(() => ReportingPeriod.Parse("October")).Message, StringComparison.Ordinal);
    }

    private static (double, double) Counts(Figure figure) => (figure.Numerator!.Value, figure.Denominator!.Value);

    private void WriteDrop()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "programs.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            F1,IOP,Adult IOP,IOP,2.1,3,8,9
            F1,PHP,Adult PHP,PHP,2.5,3,3,20

            """);
        var patients = new StringBuilder("facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer\n");
        var episodes = new StringBuilder("facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment\n");
        var id = 0;
        void Add(string program, DateOnly admitted, DateOnly? discharged, string reason)
        {
            id++;
            patients.Append(CultureInfo.InvariantCulture, $"F1,P{id},1985,female,white,not_hispanic,alcohol,no,individual,medicaid\n");
            episodes.Append(CultureInfo.InvariantCulture, $"F1,E{id},P{id},{program},{admitted:yyyy-MM-dd},{discharged:yyyy-MM-dd},{reason},,no\n");
        }

        for (var i = 0; i < 20; i++)
        {
            var discharged = new DateOnly(2026, 10, 1).AddDays(i);
            Add("IOP", discharged.AddDays(-42), discharged, i < 12 ? "completed" : i < 18 ? "dropped_out" : "left_against_advice");
        }

        for (var i = 0; i < 15; i++)
        {
            var discharged = new DateOnly(2026, 10, 2).AddDays(i);
            Add("PHP", discharged.AddDays(-14), discharged, i < 6 ? "completed" : i < 12 ? "dropped_out" : "transferred");
        }

        for (var i = 0; i < 4; i++)
        {
            var admitted = new DateOnly(2026, 10, 5);
            Add("IOP", admitted, i < 2 ? admitted.AddDays(10) : null, i < 2 ? "dropped_out" : "");
        }

        File.WriteAllText(Path.Combine(_folder, "patients.csv"), patients.ToString());
        File.WriteAllText(Path.Combine(_folder, "episodes.csv"), episodes.ToString());

        var sessions = new StringBuilder("facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes\n");
        var screens = new StringBuilder("facility_id,screen_id,episode_id,collection_date,result,substances\n");
        foreach (var monday in new[] { new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 12), new DateOnly(2026, 10, 19) })
        {
            foreach (var offset in new[] { 0, 2, 4 })
            {
                var day = monday.AddDays(offset);
                sessions.Append(CultureInfo.InvariantCulture, $"F1,A{day:MMdd},E38,{day:yyyy-MM-dd},group,180,attended,180\n");
                sessions.Append(CultureInfo.InvariantCulture, $"F1,B{day:MMdd},E39,{day:yyyy-MM-dd},group,180,{(offset == 4 ? "no_show,0" : "attended,180")}\n");
            }

            var positive = monday.Day == 5;
            screens.Append(CultureInfo.InvariantCulture, $"F1,UA{monday:MMdd},E38,{monday:yyyy-MM-dd},{(positive ? "positive,opiates" : "negative,")}\n");
            screens.Append(CultureInfo.InvariantCulture, $"F1,UB{monday:MMdd},E39,{monday:yyyy-MM-dd},negative,\n");
        }

        File.WriteAllText(Path.Combine(_folder, "sessions.csv"), sessions.ToString());
        File.WriteAllText(Path.Combine(_folder, "drug_screens.csv"), screens.ToString());
        var family = new StringBuilder("facility_id,contact_id,episode_id,contact_date,kind,attended\n");
        for (var i = 1; i <= 5; i++)
        {
            // E1-E5 were admitted 42 days before 1-5 October.
            family.Append(CultureInfo.InvariantCulture, $"F1,FC{i},E{i},{new DateOnly(2026, 10, i).AddDays(-35):yyyy-MM-dd},family_session,yes\n");
        }

        File.WriteAllText(Path.Combine(_folder, "family_contacts.csv"), family.ToString());
        File.WriteAllText(Path.Combine(_folder, "follow_ups.csv"), """
            facility_id,episode_id,days_after_discharge,reached,abstinent
            F1,E1,30,yes,yes
            F1,E2,30,yes,yes
            F1,E3,30,yes,no
            F1,E4,30,no,

            """);
        File.AppendAllText(Path.Combine(_folder, "programs.csv"), """
            F2,IOP,Second IOP,IOP,2.1,3,8,9
            F2,PHP,Second PHP,PHP,2.5,3,3,20

            """);
        File.AppendAllText(Path.Combine(_folder, "patients.csv"), """
            F2,Q1,1980,male,white,not_hispanic,alcohol,no,individual,medicaid
            F2,Q2,1981,male,white,not_hispanic,alcohol,no,individual,medicaid
            F2,Q3,1982,male,white,not_hispanic,alcohol,no,individual,medicaid
            F2,Q7,1987,male,white,not_hispanic,alcohol,unknown,individual,medicaid

            """);
        File.AppendAllText(Path.Combine(_folder, "episodes.csv"), """
            F2,S1,Q1,PHP,2026-09-30,2026-10-14,transferred,S4,no
            F2,S2,Q2,PHP,2026-10-01,2026-10-15,transferred,S5,no
            F2,S3,Q3,PHP,2026-10-02,2026-10-16,transferred,S6,no
            F2,S7,Q7,PHP,2026-09-26,2026-10-10,completed,,no
            F2,S4,Q1,IOP,2026-10-15,2026-11-20,completed,,no
            F2,S5,Q2,IOP,2026-10-16,2026-10-30,dropped_out,,no
            F2,S6,Q3,IOP,2026-10-17,,,,no

            """);
        File.WriteAllText(Path.Combine(_folder, "relapse_events.csv"), """
            facility_id,event_id,episode_id,event_date,kind
            F1,R1,E6,2026-10-20,readmission

            """);
    }
}
