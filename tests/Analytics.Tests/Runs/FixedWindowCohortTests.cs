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
/// The figures that need time, counted over fixed windows, on a hand-made facility F1 whose data run from its first
/// admission on 2026-01-05 (Z0, IOP, completed 2026-02-20) to 2026-07-31 (the data-through date). The run-in ends
/// 90 days after that first admission: admissions before 2026-04-05 join no fixed-window admission cohort.
///   IOP, second quarter: R1, R2 admitted 2026-04-02 (in the run-in): R1 dropped out on day 10, R2 in care.
///     B1-B4 admitted 2026-04-10: B1 dropped out on day 20, B2 completed on day 75, B3 and B4 in care.
///     C1-C3 admitted 2026-05-20: C1 completed on day 40, C2 and C3 in care.
///     D1, D2 admitted 2026-06-20, in care.
///   PHP, second quarter: P1-P4 admitted 2026-05-25: P1 completed on day 21, P2 dropped out on day 14, P3 in care,
///     P4 died on day 11.
///   IOP, July: J1 admitted 2026-07-10, in care.
/// Screens: C2 positive on 2026-05-25 (day 5). Family: B1 an attended family contact on day 2, B2 an attended family
/// session on day 13, B3 an attended contact on day 14, B4 a contact not attended on day 3, C1 a family session missed on
/// day 5, P1 an attended contact on day 0.
/// Follow-ups: R1 day 30 reached and abstinent, day 90 not reached; B1 day 30 reached, not abstinent, day 90 reached and
/// abstinent; B2 called on day 28, reached, no answer on use; C1 none; P1 day 30 reached and abstinent; P2 none.
/// Readmissions (relapse events): B1 on 2026-05-20 (day 20 after discharge), C1 on 2026-07-10 (day 11).
/// </summary>
public sealed class FixedWindowCohortTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Through = new(2026, 7, 31);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-windows-" + Guid.NewGuid().ToString("N")[..10]);
    private AnalysisRun _quarter = null!;

    public async Task InitializeAsync()
    {
        WriteDrop();
        var ingest = await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(_folder, new IngestOptions { Today = Through });
        Assert.All(ingest.Files, f => Assert.Equal(0, f.RowsQuarantined));
        // A threshold of 2 at risk, so that the hand example's few patients give shares.
        _quarter = await Analysis().RunAsync(ReportingPeriod.Parse("2026-Q2"), null, Through);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Retention_on_day_90_counts_only_the_admissions_whose_90_days_have_passed_after_the_run_in()
    {
        // Admitted 2026-04-01 to 2026-05-02 after the run-in: B1-B4. B1 leaves on day 20 (4 at risk), B2 on day 75
        // (3 at risk): S(90) = 3/4 x 2/3 = 1/2, with B3 and B4 at risk on day 90.
        var day90 = _quarter.Find("retention", "F1", "iop", "day 90").Single();

        Assert.Equal(4, day90.N);
        Assert.Equal(0.5, day90.Estimate!.Value, 12);
        Assert.Equal(
            "still in care (Kaplan–Meier); admitted 2026-04-01 to 2026-05-02, followed 90 days, admissions in the first 90 days of a facility's data left out; 2 at risk on day 90",
            day90.Note);
    }

    [Fact]
    public void Retention_on_days_30_and_60_counts_the_admissions_whose_30_or_60_days_have_passed()
    {
        // Day 60: B1-B4 and C1-C3 (7). B1 leaves on day 20 (7 at risk), C1 on day 40 (6 at risk): 6/7 x 5/6 = 5/7.
        // Day 30: B, C and D (9); only B1 leaves by then: 8/9.
        var day60 = _quarter.Find("retention", "F1", "iop", "day 60").Single();
        var day30 = _quarter.Find("retention", "F1", "iop", "day 30").Single();

        Assert.Equal(7, day60.N);
        Assert.Equal(5.0 / 7, day60.Estimate!.Value, 12);
        Assert.EndsWith("; 5 at risk on day 60", day60.Note, StringComparison.Ordinal);
        Assert.Equal(9, day30.N);
        Assert.Equal(8.0 / 9, day30.Estimate!.Value, 12);
    }

    [Fact]
    public void Retention_on_day_90_is_not_estimable_yet_when_no_admission_of_the_period_has_had_90_days()
    {
        // PHP: all admitted 2026-05-25, 67 days before the data-through date.
        var php = _quarter.Find("retention", "F1", "php", "day 90").Single();

        Assert.Null(php.Estimate);
        Assert.Equal(0, php.N);
        Assert.Equal("not estimable yet: no admission of the period had had 90 days by 2026-07-31", php.Note);
    }

    [Fact]
    public async Task A_month_whose_admissions_are_too_recent_or_in_the_run_in_gets_no_share_and_says_why()
    {
        var july = await Analysis().RunAsync(ReportingPeriod.Parse("2026-07"), null, Through);
        var january = await Analysis().RunAsync(ReportingPeriod.Parse("2026-01"), null, Through);

        Assert.All(july.Figures.Where(f => f.Metric == "retention"), f => Assert.Null(f.Estimate));
        Assert.Equal("not estimable yet: no admission of the period had had 30 days by 2026-07-31", july.Find("retention", "F1", "iop", "day 30").Single().Note);
        Assert.Equal(
            "not estimable yet: every admission of the period falls in the first 90 days of its facility's data (the run-in)",
            january.Find("retention", "F1", "iop", "day 30").Single().Note);
    }

    [Fact]
    public void The_retention_curve_still_describes_every_admission_of_the_period()
    {
        // R1, R2, B, C and D: 11 IOP admissions of the quarter on day 0.
        Assert.Equal(11, _quarter.Figures.Single(f => f is { Metric: "retention_curve", FacilityId: "F1", LevelOfCare: "iop", Grouping: "day 0" }).N);
    }

    [Fact]
    public void The_share_free_of_a_positive_screen_uses_the_same_cohorts()
    {
        // Day 60: B and C (7); C2's positive on day 5 among 7 at risk: 6/7. Day 90: B only, none positive.
        Assert.Equal(6.0 / 7, _quarter.Find("free_of_positive_screen", "F1", "iop", "day 60").Single().Estimate!.Value, 12);
        Assert.Equal((4, 1.0), (_quarter.Find("free_of_positive_screen", "F1", "iop", "day 90").Single().N,
            _quarter.Find("free_of_positive_screen", "F1", "iop", "day 90").Single().Estimate!.Value));
    }

    [Fact]
    public void Follow_up_at_30_days_counts_every_discharge_due_with_the_unreached_and_the_range_of_abstinence()
    {
        // Discharged 2026-04-01 to 2026-07-01 other than by transfer or death, IOP: R1, B1, B2, C1 (4 due). Reached: R1
        // (abstinent), B1 (not), B2 (on day 28, no answer); C1 not reached. Abstinent among reached who answered: 1 of 2.
        // Lower bound: none of the 2 unknown abstinent, 1/4; upper: both, (1 + 2)/4.
        Assert.Equal((3.0, 4.0), Counts(_quarter.Find("follow_up_reach", "F1", "iop", "day 30").Single()));
        Assert.Equal((1.0, 2.0), Counts(_quarter.Find("abstinence_at_follow_up", "F1", "iop", "day 30").Single()));
        Assert.Equal((1.0, 4.0), Counts(_quarter.Find("abstinence_lower_bound", "F1", "iop", "day 30").Single()));
        Assert.Equal((3.0, 4.0), Counts(_quarter.Find("abstinence_upper_bound", "F1", "iop", "day 30").Single()));
        // PHP: P1 (reached, abstinent) and P2 (not reached) are due; P4 died and is not.
        Assert.Equal((1.0, 2.0), Counts(_quarter.Find("follow_up_reach", "F1", "php", "day 30").Single()));
        Assert.Equal((1.0, 2.0), Counts(_quarter.Find("abstinence_lower_bound", "F1", "php", "day 30").Single()));
        Assert.Equal((2.0, 2.0), Counts(_quarter.Find("abstinence_upper_bound", "F1", "php", "day 30").Single()));
    }

    [Fact]
    public void Follow_up_at_90_days_counts_only_the_discharges_whose_90_days_have_passed_and_names_them()
    {
        // Discharged by 2026-05-02: R1 (not reached on day 90) and B1 (reached, abstinent). No PHP discharge is due yet,
        // and none of the quarter's is due its 180 days.
        var reach = _quarter.Find("follow_up_reach", "F1", "iop", "day 90").Single();

        Assert.Equal((1.0, 2.0), Counts(reach));
        Assert.Equal("discharged 2026-04-01 to 2026-05-02, followed 90 days", reach.Note);
        Assert.Equal((1.0, 1.0), Counts(_quarter.Find("abstinence_at_follow_up", "F1", "iop", "day 90").Single()));
        Assert.Equal((1.0, 2.0), Counts(_quarter.Find("abstinence_lower_bound", "F1", "iop", "day 90").Single()));
        Assert.Equal((2.0, 2.0), Counts(_quarter.Find("abstinence_upper_bound", "F1", "iop", "day 90").Single()));
        Assert.Empty(_quarter.Find("follow_up_reach", "F1", "php", "day 90"));
        Assert.DoesNotContain(_quarter.Figures, f => f.Grouping == "day 180" && f.Metric.StartsWith("abstinence", StringComparison.Ordinal));
    }

    [Fact]
    public void Family_involvement_counts_an_attended_family_contact_or_session_in_days_0_to_13_among_admissions_whose_14_days_have_passed()
    {
        // IOP admitted 2026-04-01 to 2026-07-17: R1, R2, B1-B4, C1-C3, D1, D2 (11; no run-in here: the window needs no
        // history). Involved: B1 (contact on day 2), B2 (session on day 13). Not: B3 (day 14), B4 (contact not attended),
        // C1 (session missed). PHP: P1-P4, P1 involved on day 0.
        var iop = _quarter.Find("family_involvement", "F1", "iop").Single();

        Assert.Equal((2.0, 11.0), Counts(iop));
        Assert.Equal("admitted 2026-04-01 to 2026-06-30, family involved in days 0 to 13", iop.Note!.Split("; ")[0]);
        Assert.Equal((1.0, 4.0), Counts(_quarter.Find("family_involvement", "F1", "php").Single()));
    }

    [Fact]
    public void Completion_by_early_family_involvement_compares_the_discharges_still_in_care_on_day_14()
    {
        // IOP discharged in the quarter after 14 days or more: B1 (involved, dropped out), B2 (involved, completed),
        // C1 (not involved, completed); R1 left on day 10. PHP: P1 (involved, completed), P2 (not, dropped out on day
        // 14); P4 died on day 11.
        Assert.Equal((1.0, 2.0), Counts(_quarter.Find("completion_by_family_involvement", "F1", "iop", "with family involvement").Single()));
        Assert.Equal((1.0, 1.0), Counts(_quarter.Find("completion_by_family_involvement", "F1", "iop", "without family involvement").Single()));
        Assert.Equal((1.0, 1.0), Counts(_quarter.Find("completion_by_family_involvement", "F1", "php", "with family involvement").Single()));
        Assert.Equal((0.0, 1.0), Counts(_quarter.Find("completion_by_family_involvement", "F1", "php", "without family involvement").Single()));
    }

    [Fact]
    public async Task Family_involvement_leaves_out_admissions_whose_14_days_have_not_passed()
    {
        // J1, admitted 2026-07-10, had 21 days by 2026-07-31; as of 2026-07-20 it had 10 and no figure is given.
        var july = await Analysis().RunAsync(ReportingPeriod.Parse("2026-07"), null, Through);
        var early = await Analysis().RunAsync(ReportingPeriod.Parse("2026-07"), null, new DateOnly(2026, 7, 20));

        Assert.Equal((0.0, 1.0), Counts(july.Find("family_involvement", "F1", "iop").Single()));
        Assert.DoesNotContain(early.Figures, f => f.Metric == "family_involvement");
    }

    [Fact]
    public void Readmission_counts_the_discharges_whose_30_or_90_days_have_passed_and_names_them()
    {
        // 30 days: IOP R1, B1, B2, C1 (discharged by 2026-07-01), B1 and C1 readmitted; PHP P1, P2 (P4 died), none.
        // 90 days: IOP R1 and B1 (discharged by 2026-05-02), B1 readmitted; no PHP discharge is due yet.
        var iop90 = _quarter.Find("readmission_90d", "F1", "iop").Single();

        Assert.Equal((2.0, 4.0), Counts(_quarter.Find("readmission_30d", "F1", "iop").Single()));
        Assert.Equal((0.0, 2.0), Counts(_quarter.Find("readmission_30d", "F1", "php").Single()));
        Assert.Equal((1.0, 2.0), Counts(iop90));
        Assert.Equal("discharged 2026-04-01 to 2026-05-02, followed 90 days", iop90.Note);
        Assert.Empty(_quarter.Find("readmission_90d", "F1", "php"));
    }

    [Fact]
    public void Early_dropout_counts_the_admissions_whose_30_days_have_passed_and_names_them()
    {
        // IOP admitted in the quarter, all by 2026-07-01: R1, R2, B1-B4, C1-C3, D1, D2 (11, discharged or not); R1 (day 10) and B1
        // (day 20) left unplanned within 30 days.
        var iop = _quarter.Find("early_dropout", "F1", "iop").Single();

        Assert.Equal((2.0, 11.0), Counts(iop));
        Assert.Equal("admitted 2026-04-01 to 2026-06-30, followed 30 days", iop.Note);
    }

    private static (double, double) Counts(Figure figure) => (figure.Numerator!.Value, figure.Denominator!.Value);

    private PeriodAnalysis Analysis() => new(database.DataSource, new SmallCellPolicy(2));

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
        void Add(string id, string program, string admitted, int? days, string reason)
        {
            var on = DateOnly.ParseExact(admitted, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            patients.Append(CultureInfo.InvariantCulture, $"F1,P{id},1985,female,white,not_hispanic,alcohol,no,individual,medicaid\n");
            episodes.Append(CultureInfo.InvariantCulture, $"F1,{id},P{id},{program},{admitted},{(days is { } d ? on.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")},{reason},,no\n");
        }

        Add("Z0", "IOP", "2026-01-05", 46, "completed");
        Add("R1", "IOP", "2026-04-02", 10, "dropped_out");
        Add("R2", "IOP", "2026-04-02", null, "");
        Add("B1", "IOP", "2026-04-10", 20, "dropped_out");
        Add("B2", "IOP", "2026-04-10", 75, "completed");
        Add("B3", "IOP", "2026-04-10", null, "");
        Add("B4", "IOP", "2026-04-10", null, "");
        Add("C1", "IOP", "2026-05-20", 40, "completed");
        Add("C2", "IOP", "2026-05-20", null, "");
        Add("C3", "IOP", "2026-05-20", null, "");
        Add("D1", "IOP", "2026-06-20", null, "");
        Add("D2", "IOP", "2026-06-20", null, "");
        Add("P1", "PHP", "2026-05-25", 21, "completed");
        Add("P2", "PHP", "2026-05-25", 14, "dropped_out");
        Add("P3", "PHP", "2026-05-25", null, "");
        Add("P4", "PHP", "2026-05-25", 11, "died");
        Add("J1", "IOP", "2026-07-10", null, "");
        File.WriteAllText(Path.Combine(_folder, "patients.csv"), patients.ToString());
        File.WriteAllText(Path.Combine(_folder, "episodes.csv"), episodes.ToString());
        File.WriteAllText(Path.Combine(_folder, "sessions.csv"), """
            facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes
            F1,S1,B2,2026-04-23,family,60,attended,60
            F1,S2,C1,2026-05-25,family,60,no_show,0

            """);
        File.WriteAllText(Path.Combine(_folder, "drug_screens.csv"), """
            facility_id,screen_id,episode_id,collection_date,result,substances
            F1,U1,C2,2026-05-25,positive,opiates

            """);
        File.WriteAllText(Path.Combine(_folder, "family_contacts.csv"), """
            facility_id,contact_id,episode_id,contact_date,kind,attended
            F1,FC1,B1,2026-04-12,family_session,yes
            F1,FC2,B3,2026-04-24,family_session,yes
            F1,FC3,B4,2026-04-13,family_session,no
            F1,FC4,P1,2026-05-25,family_session,yes

            """);
        File.WriteAllText(Path.Combine(_folder, "follow_ups.csv"), """
            facility_id,episode_id,days_after_discharge,reached,abstinent
            F1,R1,30,yes,yes
            F1,R1,90,no,
            F1,B1,30,yes,no
            F1,B1,90,yes,yes
            F1,B2,28,yes,unknown
            F1,P1,30,yes,yes

            """);
        File.WriteAllText(Path.Combine(_folder, "relapse_events.csv"), """
            facility_id,event_id,episode_id,event_date,kind
            F1,RE1,B1,2026-05-20,readmission
            F1,RE2,C1,2026-07-10,readmission

            """);
    }
}
