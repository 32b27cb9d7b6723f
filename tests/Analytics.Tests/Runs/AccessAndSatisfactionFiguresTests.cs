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
/// Hand-made referrals and surveys for October 2026, data through 31 October (a referral's 7 days have passed when it
/// came by 24 October):
///   IOP R1 referred 1 Oct, contact 2 Oct, admitted 4 Oct (3 days: within 7); R2 3 Oct, contact 5 Oct, admitted 12 Oct
///   (9 days); R3 5 Oct, contact 6 Oct, never admitted. PHP R4 2 Oct, contact 3 Oct, admitted 8 Oct (6 days: within 7);
///   R5 6 Oct, never contacted nor admitted; R6 28 Oct, contact 29 Oct (its 7 days have not passed). R7 for no program,
///   10 Oct, contact 11 Oct. R8 (IOP, 20 September) is not of the period.
///   IOP: days to first contact 1, 2, 1 (median 1); contact to admission 2, 7 (4.5); referral to admission 3, 9 (6);
///   admitted within 7 days 1 of 3. PHP: 1 of 2. Every referral: days to first contact 1, 2, 1, 1, 1, 1, median 1,
///   interval [x₍₁₎, x₍₆₎] = [1, 2] (P(B(6, ½) = 0) = 1/64 ≤ 2.5%, coverage 1 − 2/64 = 0.969); within 7 days 2 of 6.
///   CSQ-8 at discharge: IOP D1 32, D2 24, D3 none; PHP D4 30 (a second survey of 32 later is not its first), D5 32.
///   Means IOP 28, PHP 31 (SD √2, SE 1, t(1) 12.706), IOP − PHP −3; top box (32) 1 of 2 in each.
/// </summary>
public sealed class AccessAndSatisfactionFiguresTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Through = new(2026, 10, 31);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-access-" + Guid.NewGuid().ToString("N")[..10]);
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

    [Theory]
    [InlineData("days_referral_to_first_contact", "iop", 3, 1.0)]
    [InlineData("days_first_contact_to_admission", "iop", 2, 4.5)]
    [InlineData("days_referral_to_admission", "iop", 2, 6.0)]
    [InlineData("days_referral_to_first_contact", "php", 2, 1.0)]
    [InlineData("days_referral_to_admission", "php", 1, 6.0)]
    public void The_waits_are_medians_among_the_referrals_that_reached_both_dates(string metric, string level, int n, double median)
    {
        var figure = _run.Find(metric, "F1", level).Single();

        Assert.Equal((n, median), (figure.N, figure.Estimate!.Value));
    }

    [Fact]
    public void The_median_over_every_referral_has_its_order_statistic_interval()
    {
        var figure = _run.Find("days_referral_to_first_contact", "F1").Single();

        Assert.Equal((6, 1.0, 1.0, 2.0), (figure.N, figure.Estimate!.Value, figure.LowerBound!.Value, figure.UpperBound!.Value));
        Assert.Contains("coverage 0.969", figure.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Admitted_within_7_days_counts_never_admitted_referrals_and_leaves_out_those_too_recent()
    {
        var iop = _run.Find("admitted_within_7_days", "F1", "iop").Single();
        var php = _run.Find("admitted_within_7_days", "F1", "php").Single();
        var all = _run.Find("admitted_within_7_days", "F1").Single();

        Assert.Equal((1.0, 3.0), (iop.Numerator!.Value, iop.Denominator!.Value));
        Assert.Equal((1.0, 2.0), (php.Numerator!.Value, php.Denominator!.Value));
        Assert.Equal((2.0, 6.0), (all.Numerator!.Value, all.Denominator!.Value));
        Assert.Equal((1.0 / 3) - 0.5, _run.Find("admitted_within_7_days", "F1", Figure.IopMinusPhp).Single().Estimate!.Value, 12);
    }

    [Fact]
    public void Satisfaction_is_each_discharges_first_survey_mean_and_top_box_share()
    {
        var iop = _run.Find("satisfaction_mean", "F1", "iop", "csq_8").Single();
        var php = _run.Find("satisfaction_mean", "F1", "php", "csq_8").Single();

        Assert.Equal((2, 28.0), (iop.N, iop.Estimate!.Value));
        Assert.Equal((31.0, 31 - 12.706205, 31 + 12.706205), (php.Estimate!.Value, Math.Round(php.LowerBound!.Value, 6), Math.Round(php.UpperBound!.Value, 6)));
        Assert.Equal(-3.0, _run.Find("satisfaction_mean", "F1", Figure.IopMinusPhp, "csq_8").Single().Estimate!.Value, 12);
        Assert.Equal((1.0, 2.0), (_run.Find("satisfaction_top_box", "F1", "php", "csq_8").Single().Numerator!.Value,
            _run.Find("satisfaction_top_box", "F1", "php", "csq_8").Single().Denominator!.Value));
        Assert.Equal(29.5, _run.Find("satisfaction_mean", "F1", Figure.All, "csq_8").Single().Estimate!.Value, 12);
        Assert.StartsWith("discharged 2026-10-01 to 2026-10-31, each episode's first survey; fewer than 11 surveys among fewer than 11 discharges", iop.Note, StringComparison.Ordinal);
    }

    private void WriteDrop()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "programs.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            F1,IOP,Adult IOP,IOP,2.1,3,8,9
            F1,PHP,Adult PHP,PHP,2.5,3,3,20

            """);
        var patients = string.Join("\n", new[] { "X1", "X2", "X4", "Y1", "Y2", "Y3", "Y4", "Y5" }
            .Select((id, i) => $"F1,{id},{1980 + i},female,white,not_hispanic,alcohol,no,individual,medicaid"));
        File.WriteAllText(Path.Combine(_folder, "patients.csv"),
            "facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer\n" + patients + "\n");
        File.WriteAllText(Path.Combine(_folder, "episodes.csv"), """
            facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
            F1,E1,X1,IOP,2026-10-04,,,,no
            F1,E2,X2,IOP,2026-10-12,,,,no
            F1,E4,X4,PHP,2026-10-08,,,,no
            F1,D1,Y1,IOP,2026-08-20,2026-10-10,completed,,no
            F1,D2,Y2,IOP,2026-08-22,2026-10-12,completed,,no
            F1,D3,Y3,IOP,2026-08-24,2026-10-14,completed,,no
            F1,D4,Y4,PHP,2026-09-24,2026-10-15,completed,,no
            F1,D5,Y5,PHP,2026-09-25,2026-10-16,completed,,no

            """);
        File.WriteAllText(Path.Combine(_folder, "referrals.csv"), """
            facility_id,referral_id,patient_id,program_id,referral_date,first_contact_date,assessment_date,admission_date,episode_id,referral_source
            F1,R1,X1,IOP,2026-10-01,2026-10-02,2026-10-03,2026-10-04,E1,individual
            F1,R2,X2,IOP,2026-10-03,2026-10-05,2026-10-06,2026-10-12,E2,criminal_justice
            F1,R3,X3,IOP,2026-10-05,2026-10-06,,,,individual
            F1,R4,X4,PHP,2026-10-02,2026-10-03,2026-10-03,2026-10-08,E4,other_health_provider
            F1,R5,X5,PHP,2026-10-06,,,,,individual
            F1,R6,X6,PHP,2026-10-28,2026-10-29,,,,individual
            F1,R7,X7,,2026-10-10,2026-10-11,,,,community
            F1,R8,X8,IOP,2026-09-20,2026-09-21,,,,individual

            """);
        File.WriteAllText(Path.Combine(_folder, "surveys.csv"), """
            facility_id,survey_id,episode_id,instrument,survey_date,score
            F1,V1,D1,csq_8,2026-10-10,32
            F1,V2,D2,csq_8,2026-10-12,24
            F1,V4,D4,csq_8,2026-10-15,30
            F1,V5,D4,csq_8,2026-10-30,32
            F1,V6,D5,CSQ-8,2026-10-16,32

            """);
    }
}
