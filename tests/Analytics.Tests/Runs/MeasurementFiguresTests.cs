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
/// A hand-made PHQ-9 cohort of episodes discharged in October 2026 (data through 31 October), the intake the first score
/// within 7 days of admission, the last the last later score by discharge:
///   IOP I1 18 → 12 → 8 (−10), I2 14 → 11 (−3), I3 10 (3 days before admission) → 16 (+6); I4 scored first on day 9 (no
///   intake), I5 never scored. PHP P1 18 → 13 (−5; a score of 25 after discharge is not counted), P2 14 → 6 (−8, sent as
///   "PHQ-9"), P3 10 → 5 (−5), P4 14 and nothing later.
/// Intake scores 18, 14, 10, 18, 14, 10, 14: mean 14, squares 16+0+16+16+0+16+0 = 64, SD √(64/6) = 3.266; with PHQ-9's
/// test–retest reliability 0.84 (Kroenke 2001) SE = 3.266·√0.16 = 1.3064, S_diff = 1.3064·√2 = 1.8475, so a change is
/// reliable beyond 1.96·1.8475 = 3.62 points; the cut-off 10 or more is clinical (9.5).
///   I1 −10 reliable, 18 clinical → 8 functional: recovered. I2 −3: unchanged. I3 +6: deteriorated.
///   P1 −5 reliable, 13 still clinical: improved. P2 −8, 14 → 6: recovered. P3 −5, 10 → 5: recovered.
/// Coverage IOP 3 of 5, PHP 3 of 4. Mean change IOP (−10 − 3 + 6)/3 = −2.333, PHP −6 (SD √3, SE 1, t(2) 4.3027:
/// −6 ± 4.303), IOP − PHP +3.667.
/// </summary>
public sealed class MeasurementFiguresTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Through = new(2026, 10, 31);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-measurement-" + Guid.NewGuid().ToString("N")[..10]);
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
    public void Coverage_counts_every_discharge_and_those_with_an_intake_and_a_later_score()
    {
        var iop = _run.Find("score_coverage", "F1", "iop", "phq_9").Single();
        var php = _run.Find("score_coverage", "F1", "php", "phq_9").Single();

        Assert.Equal((3.0, 5.0), (iop.Numerator!.Value, iop.Denominator!.Value));
        Assert.Equal((3.0, 4.0), (php.Numerator!.Value, php.Denominator!.Value));
        Assert.Equal(0.6 - 0.75, _run.Find("score_coverage", "F1", Figure.IopMinusPhp, "phq_9").Single().Estimate!.Value, 12);
    }

    [Theory]
    [InlineData("score_recovered", "iop", 1)]
    [InlineData("score_improved", "iop", 0)]
    [InlineData("score_unchanged", "iop", 1)]
    [InlineData("score_deteriorated", "iop", 1)]
    [InlineData("score_reliably_improved", "iop", 1)]
    [InlineData("score_recovered", "php", 2)]
    [InlineData("score_improved", "php", 1)]
    [InlineData("score_unchanged", "php", 0)]
    [InlineData("score_deteriorated", "php", 0)]
    [InlineData("score_reliably_improved", "php", 3)]
    public void Each_patient_is_classed_by_the_reliable_change_index_and_the_cut_off_as_computed_by_hand(string metric, string level, int patients)
    {
        var share = _run.Find(metric, "F1", level, "phq_9").Single();

        Assert.Equal((patients, 3.0), (share.Numerator!.Value, share.Denominator!.Value));
        Assert.Contains("reliable change beyond 3.6 points (intake SD 3.27", share.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reliably_improved_difference_is_iop_minus_php_with_newcombes_interval()
    {
        var difference = _run.Find("score_reliably_improved", "F1", Figure.IopMinusPhp, "phq_9").Single();

        Assert.Equal((1.0 / 3) - 1, difference.Estimate!.Value, 12);
        Assert.True(difference.LowerBound < difference.Estimate && difference.Estimate < difference.UpperBound);
    }

    [Fact]
    public void The_mean_change_per_level_has_students_interval_and_the_difference_welchs()
    {
        var iop = _run.Find("score_change", "F1", "iop", "phq_9").Single();
        var php = _run.Find("score_change", "F1", "php", "phq_9").Single();
        var difference = _run.Find("score_change", "F1", Figure.IopMinusPhp, "phq_9").Single();

        Assert.Equal(-7.0 / 3, iop.Estimate!.Value, 12);
        Assert.Equal((3, -6.0), (php.N, php.Estimate!.Value));
        Assert.Equal(-6 - 4.302653, php.LowerBound!.Value, 5);
        Assert.Equal(-6 + 4.302653, php.UpperBound!.Value, 5);
        Assert.Equal((-7.0 / 3) + 6, difference.Estimate!.Value, 12);
        Assert.Equal(6, _run.Find("score_change_adjusted", "F1", Figure.IopMinusPhp, "phq_9").Single().N);
    }

    [Fact]
    public void Instruments_without_a_total_or_without_scores_give_no_figures()
    {
        var groupings = _run.Figures.Where(f => f.Metric.StartsWith("score_", StringComparison.Ordinal)).Select(f => f.Grouping).Distinct();

        Assert.Equal(["phq_9"], groupings);
    }

    private void WriteDrop()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "programs.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            F1,IOP,Adult IOP,IOP,2.1,3,8,9
            F1,PHP,Adult PHP,PHP,2.5,3,3,20

            """);
        var patients = string.Join("\n", Enumerable.Range(1, 9).Select(i => $"F1,Q{i},{1979 + i},male,white,not_hispanic,alcohol,no,individual,medicaid"));
        File.WriteAllText(Path.Combine(_folder, "patients.csv"),
            "facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer\n" + patients + "\n");
        File.WriteAllText(Path.Combine(_folder, "episodes.csv"), """
            facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
            F1,I1,Q1,IOP,2026-09-01,2026-10-05,completed,,no
            F1,I2,Q2,IOP,2026-09-02,2026-10-06,completed,,no
            F1,I3,Q3,IOP,2026-09-03,2026-10-07,dropped_out,,no
            F1,I4,Q4,IOP,2026-09-04,2026-10-08,completed,,no
            F1,I5,Q5,IOP,2026-09-05,2026-10-09,completed,,no
            F1,P1,Q6,PHP,2026-09-20,2026-10-10,completed,,no
            F1,P2,Q7,PHP,2026-09-21,2026-10-11,completed,,no
            F1,P3,Q8,PHP,2026-09-22,2026-10-12,completed,,no
            F1,P4,Q9,PHP,2026-09-23,2026-10-13,dropped_out,,no

            """);
        File.WriteAllText(Path.Combine(_folder, "assessments.csv"), """
            facility_id,assessment_id,patient_id,episode_id,instrument,administered_date,total_score,subscales
            F1,A1,Q1,I1,phq_9,2026-09-01,18,
            F1,A2,Q1,I1,phq_9,2026-09-15,12,
            F1,A3,Q1,I1,phq_9,2026-09-29,8,
            F1,A4,Q1,I1,bam,2026-09-01,,use=2;risk=11;protective=14
            F1,A5,Q2,I2,phq_9,2026-09-04,14,
            F1,A6,Q2,I2,phq_9,2026-09-23,11,
            F1,A7,Q3,I3,phq_9,2026-08-31,10,
            F1,A8,Q3,I3,phq_9,2026-09-23,16,
            F1,A9,Q4,I4,phq_9,2026-09-13,20,
            F1,A10,Q4,I4,phq_9,2026-09-24,10,
            F1,A11,Q6,P1,phq_9,2026-09-20,18,
            F1,A12,Q6,P1,phq_9,2026-10-04,13,
            F1,A13,Q6,P1,phq_9,2026-10-20,25,
            F1,A14,Q7,P2,PHQ-9,2026-09-22,14,
            F1,A15,Q7,P2,PHQ-9,2026-10-08,6,
            F1,A16,Q8,P3,phq_9,2026-09-22,10,
            F1,A17,Q8,P3,phq_9,2026-10-09,5,
            F1,A18,Q9,P4,phq_9,2026-09-24,14,

            """);
    }
}
