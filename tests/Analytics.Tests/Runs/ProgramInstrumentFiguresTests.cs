using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Runs;

/// <summary>
/// A program's own instruments (docs/instruments.md) are measured by the definitions their load stored in
/// <c>program_instrument</c>, never by settings at analysis time (the analysis takes none). Four instruments declared
/// by the ingest's settings carry the scores of MeasurementFiguresTests' PHQ-9 cohort, so the same hand computation holds:
/// intake SD 3.266, with reliability 0.84 a change is reliable beyond 3.62 points, and with the cut-off 10 (9.5):
///   IOP I1 −10 recovered, I2 −3 unchanged, I3 +6 deteriorated; PHP P1 −5 improved (13 still clinical), P2 −8 and P3 −5
///   recovered.
/// <c>mood_check</c> declares reliability and cut-off: those classes. <c>craving_check</c> declares the reliability and no
/// cut-off: reliable change without clinically significant change, so the recovered are improved (IOP 1, PHP 3) and no
/// recovered share is stored. <c>wellbeing_check</c> declares a cut-off and no reliability: no reliable change, no classes,
/// only the coverage and the mean change. <c>norms_check</c> declares the reliability and, instead of a cut-off, the norms
/// of a clinical sample (M₁ 18, s₁ 5) and a functional one (M₀ 6, s₀ 4): Jacobson and Truax's c = (s₀·M₁ + s₁·M₀)/(s₀ + s₁)
/// = (4·18 + 5·6)/9 = 102/9 = 11.33 is the boundary, so P3 (intake 10) is functional at intake and only improved, and P1
/// (last 13) stays clinical: IOP I1 recovered, I2 unchanged, I3 deteriorated; PHP P2 recovered, P1 and P3 improved — one
/// recovered in PHP where mood_check's 9.5 gives two.
/// </summary>
public sealed class ProgramInstrumentFiguresTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Through = new(2026, 10, 31);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-program-instruments-" + Guid.NewGuid().ToString("N")[..10]);
    private AnalysisRun _run = null!;

    private static readonly ProgramInstrumentOptions[] Declared =
    [
        new() { Code = "mood-check", Name = "Mood check", Min = 0, Max = 27, BetterIs = "lower", ClinicalCutOff = 10, Reliability = 0.84, Source = "the program's 2025 validation" },
        new() { Code = "craving_check", Min = 0, Max = 27, BetterIs = "lower", Reliability = 0.84, Source = "the program's 2025 validation" },
        new() { Code = "wellbeing_check", Min = 0, Max = 27, BetterIs = "lower", ClinicalCutOff = 10, Source = "the program's 2025 validation" },
        new()
        {
            Code = "norms check", Min = 0, Max = 27, BetterIs = "lower", Reliability = 0.84, Source = "the program's 2025 norms study",
            ClinicalMean = 18, ClinicalStandardDeviation = 5, FunctionalMean = 6, FunctionalStandardDeviation = 4,
        },
    ];

    public async Task InitializeAsync()
    {
        Assert.Empty(ProgramInstrumentOptions.Problems(Declared, "Jobs:Instruments"));
        WriteDrop();
        var ingest = await new FolderIngestor(database.DataSource, NullLogger.Instance)
            .IngestAsync(_folder, new IngestOptions { Today = Through, ProgramInstruments = ProgramInstrumentOptions.ToInstruments(Declared) });
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
    public async Task The_load_stores_each_declared_definition_with_the_batch_that_declared_it()
    {
        var stored = await database.QueryAsync<(string Code, string Direction, short Max, short? Cut, double? Reliability, string? Kind, string File)>("""
            select p.instrument, p.direction, p.total_max, p.clinical_cut_off, p.reliability, p.reliability_kind, b.file_name
            from program_instrument p join ingest_batch b on b.batch_id = p.batch_id
            order by 1
            """);

        (string, string, short, short?, double?, string?, string)[] expected =
        [
            ("craving_check", "higher_is_worse", 27, null, 0.84, "test_retest", "assessments.csv"),
            ("mood_check", "higher_is_worse", 27, 10, 0.84, "test_retest", "assessments.csv"),
            ("norms_check", "higher_is_worse", 27, null, 0.84, "test_retest", "assessments.csv"),
            ("wellbeing_check", "higher_is_worse", 27, 10, null, null, "assessments.csv"),
        ];
        Assert.Equal(expected, stored);
    }

    [Theory]
    [InlineData("mood_check", "score_recovered", "iop", 1)]
    [InlineData("mood_check", "score_improved", "iop", 0)]
    [InlineData("mood_check", "score_unchanged", "iop", 1)]
    [InlineData("mood_check", "score_deteriorated", "iop", 1)]
    [InlineData("mood_check", "score_recovered", "php", 2)]
    [InlineData("mood_check", "score_improved", "php", 1)]
    [InlineData("mood_check", "score_reliably_improved", "php", 3)]
    [InlineData("craving_check", "score_improved", "iop", 1)]
    [InlineData("craving_check", "score_unchanged", "iop", 1)]
    [InlineData("craving_check", "score_deteriorated", "iop", 1)]
    [InlineData("craving_check", "score_improved", "php", 3)]
    [InlineData("craving_check", "score_reliably_improved", "php", 3)]
    [InlineData("norms_check", "score_recovered", "iop", 1)]
    [InlineData("norms_check", "score_improved", "iop", 0)]
    [InlineData("norms_check", "score_unchanged", "iop", 1)]
    [InlineData("norms_check", "score_deteriorated", "iop", 1)]
    [InlineData("norms_check", "score_recovered", "php", 1)]
    [InlineData("norms_check", "score_improved", "php", 2)]
    [InlineData("norms_check", "score_reliably_improved", "php", 3)]
    public void A_program_instrument_is_classed_by_its_stored_reliability_and_cut_off_as_computed_by_hand(string instrument, string metric, string level, int patients)
    {
        var share = _run.Find(metric, "F1", level, instrument).Single();

        Assert.Equal((patients, 3.0), (share.Numerator!.Value, share.Denominator!.Value));
        Assert.Contains("reliable change beyond 3.6 points (intake SD 3.27 of the run's intake scores, reliability 0.84)", share.Note, StringComparison.Ordinal);
        Assert.Contains("the program's own instrument as stored by its loads (the program's 2025 ", share.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Norms_are_read_back_from_the_table_and_their_criterion_c_is_the_cut_off_without_a_half_point_shift()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var stored = (await ProgramInstrumentStore.ReadAsync(connection)).Single(i => i.Code == "norms_check");

        Assert.Equal((new PopulationNorms(18, 5, 6, 4), (int?)null), (stored.Norms, stored.ClinicalCutOff));
        Assert.Contains("cut-off 11.33 (Jacobson–Truax c from published norms); the program's own instrument as stored by its loads (the program's 2025 norms study)",
            _run.Find("score_recovered", "F1", "php", "norms_check").Single().Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_cut_off_there_is_reliable_change_but_no_clinically_significant_change()
    {
        Assert.Empty(_run.Find("score_recovered", "F1", "iop", "craving_check"));
        Assert.Empty(_run.Find("score_recovered", "F1", "php", "craving_check"));
        Assert.Contains("no cut-off declared: no clinically significant change", _run.Find("score_improved", "F1", "php", "craving_check").Single().Note, StringComparison.Ordinal);
        Assert.Contains("cut-off 9.5", _run.Find("score_recovered", "F1", "php", "mood_check").Single().Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_reliability_there_is_no_reliable_change_only_coverage_and_the_mean_change()
    {
        var metrics = _run.Figures.Where(f => f.Grouping == "wellbeing_check" && f.Metric.StartsWith("score_", StringComparison.Ordinal))
            .Select(f => f.Metric).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(["score_change", "score_change_adjusted", "score_coverage"], metrics);
        Assert.Equal(-6.0, _run.Find("score_change", "F1", "php", "wellbeing_check").Single().Estimate!.Value, 12);
    }

    [Fact]
    public void The_not_on_track_curves_are_fitted_for_the_program_instruments_too()
    {
        var instruments = _run.Figures.Where(f => f.Metric == "not_on_track").Select(f => f.Grouping).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(["craving_check", "mood_check", "norms_check", "wellbeing_check"], instruments);
    }

    [Fact]
    public async Task A_run_reads_the_definition_in_force_from_the_database()
    {
        // A later load declaring another reliability replaces the stored definition; the next run uses it. Written here as
        // the owner, as that load would have written it.
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update program_instrument set reliability = 0.5 where instrument = 'craving_check'");
        try
        {
            var again = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy()).RunAsync(ReportingPeriod.Parse("2026-10"), null, Through);

            // SE = 3.266·√0.5 = 2.3094, S_diff = 3.2660, 1.96·S_diff = 6.40: only I1 (−10) and P2 (−8) change reliably.
            Assert.Contains("reliable change beyond 6.4 points", again.Find("score_improved", "F1", "php", "craving_check").Single().Note, StringComparison.Ordinal);
            Assert.Equal(1.0, again.Find("score_improved", "F1", "php", "craving_check").Single().Numerator);
        }
        finally
        {
            await connection.ExecuteAsync("update program_instrument set reliability = 0.84 where instrument = 'craving_check'");
        }
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
        // MeasurementFiguresTests' PHQ-9 scores, once for each declared instrument.
        (string Patient, string Episode, string Date, int Total)[] scores =
        [
            ("Q1", "I1", "2026-09-01", 18), ("Q1", "I1", "2026-09-15", 12), ("Q1", "I1", "2026-09-29", 8),
            ("Q2", "I2", "2026-09-04", 14), ("Q2", "I2", "2026-09-23", 11),
            ("Q3", "I3", "2026-08-31", 10), ("Q3", "I3", "2026-09-23", 16),
            ("Q4", "I4", "2026-09-13", 20), ("Q4", "I4", "2026-09-24", 10),
            ("Q6", "P1", "2026-09-20", 18), ("Q6", "P1", "2026-10-04", 13), ("Q6", "P1", "2026-10-20", 25),
            ("Q7", "P2", "2026-09-22", 14), ("Q7", "P2", "2026-10-08", 6),
            ("Q8", "P3", "2026-09-22", 10), ("Q8", "P3", "2026-10-09", 5),
            ("Q9", "P4", "2026-09-24", 14),
        ];
        var lines = new[] { "Mood-Check", "craving_check", "wellbeing check", "norms_check" }
            .SelectMany((code, c) => scores.Select((s, i) => $"F1,A{c}_{i},{s.Patient},{s.Episode},{code},{s.Date},{s.Total}"));
        File.WriteAllText(Path.Combine(_folder, "assessments.csv"),
            "facility_id,assessment_id,patient_id,episode_id,instrument,administered_date,total_score\n" + string.Join("\n", lines) + "\n");
    }
}
