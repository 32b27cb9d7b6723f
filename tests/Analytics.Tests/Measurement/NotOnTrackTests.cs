using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Measurement;
using Outcomes.Analytics.Measurement.Tracking;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Analytics.Tests.Measurement;

/// <summary>
/// Twenty completed IOP episodes (discharged 1 July 2026, within the twelve months to 31 October) scored PHQ-9 20 at
/// admission and once more on day 14 (week 2, x = ln 3): ten at 14 (−6), ten at 10 (−10). The slope is
/// b = Σx·d / Σx² = mean d / ln 3 = −8 / ln 3; the residuals are +2 and −2 ten times each, so P10 = −2 and P90 = +2
/// (type 7: positions 1.9 and 17.1 of 0..19). At week 2 the band of an intake of 20 is 20 − 8 + [−2, +2] = [10, 14].
/// In care on 31 October (admitted 10 October, scored on the 10th and 24th, week 2): N1 20 → 15, above the band: not on
/// track; N2 20 → 14, on its edge: on track; N3 20 → 8, below it: better than expected; N4 intake only: not assessed.
/// PHP N5 20 → 19 has no curve (no completed PHP episode).
/// </summary>
public sealed class NotOnTrackTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Day = new(2026, 10, 31);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-track-" + Guid.NewGuid().ToString("N")[..10]);
    private NotOnTrackList _list = null!;
    private AnalysisRun _run = null!;

    public async Task InitializeAsync()
    {
        WriteDrop();
        var ingest = await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(_folder, new IngestOptions { Today = Day });
        Assert.All(ingest.Files, f => Assert.Equal(0, f.RowsQuarantined));
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            _list = await NotOnTrack.ListAsync(connection, null, Day);
        }

        _run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy()).RunAsync(ReportingPeriod.Parse("2026-10"), null, Day);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void The_curve_is_fitted_on_the_completed_episodes_as_computed_by_hand()
    {
        var iop = _list.Curves.Single(c => c.Level == "iop").Curve!;

        Assert.Equal((20, 20), (iop.Episodes, iop.Scores));
        Assert.Equal(-8 / Math.Log(3), iop.Slope, 10);
        Assert.Equal((-2.0, 2.0), (Math.Round(iop.LowerResidual, 10), Math.Round(iop.UpperResidual, 10)));
    }

    [Fact]
    public void Only_the_patient_above_the_band_on_the_side_of_illness_is_listed_with_the_band_of_its_week()
    {
        var patient = Assert.Single(_list.Patients);

        Assert.Equal(("iop", "phq_9", 2, 20.0, 15.0, new DateOnly(2026, 10, 24)), (patient.Level, patient.Instrument, patient.Week, patient.Intake, patient.Latest, patient.LatestOn));
        Assert.Equal((10.0, 14.0), (Math.Round(patient.Band.Lower, 10), Math.Round(patient.Band.Upper, 10)));
    }

    [Fact]
    public void The_listed_patient_carries_its_scores_after_intake_for_its_picture()
    {
        var patient = Assert.Single(_list.Patients);

        Assert.Equal([new ScoreAtWeek(20, 2, 15)], patient.Scores);
    }

    [Fact]
    public void The_reliable_change_criteria_take_the_standard_deviation_of_every_intake_score_of_the_list()
    {
        // 25 intake scores: 24 of 20 (C1-C20, N1-N3, N5) and N4's 18. Mean 19.92; squared deviations 24 · 0.08² + 1.92²
        // = 3.84; sample variance 3.84 / 24 = 0.16; standard deviation 0.4. PHQ-9's reliability and cut-off from the catalogue.
        var criteria = _list.Criteria["phq_9"];

        Assert.Equal(0.4, criteria.IntakeStandardDeviation, 10);
        Assert.Equal(9.5, criteria.Cutoff);
        Assert.Equal(InstrumentCatalogue.Phq9.ReliabilityForChange!.Coefficient, criteria.Reliability);
    }

    [Fact]
    public void A_level_with_too_few_completed_episodes_has_no_curve_and_no_count()
    {
        var php = _list.Curves.Single(c => c.Level == "php");

        Assert.Null(php.Curve);
        Assert.Equal("0 completed episodes with a later score, fewer than 20", php.Reason);
        var figure = _run.Find("not_on_track", "F1", "php", "phq_9").Single();
        Assert.Null(figure.Numerator);
    }

    [Fact]
    public void The_run_stores_the_count_among_the_patients_in_care_with_an_intake_and_a_later_score()
    {
        var figure = _run.Find("not_on_track", "F1", "iop", "phq_9").Single();

        Assert.Equal((1.0, 3.0), (figure.Numerator!.Value, figure.Denominator!.Value));
        Assert.StartsWith("in care on 2026-10-31; curve from 20 completed episodes", figure.Note, StringComparison.Ordinal);
    }

    private void WriteDrop()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "programs.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            F1,IOP,Adult IOP,IOP,2.1,3,8,9
            F1,PHP,Adult PHP,PHP,2.5,3,3,20

            """);
        var ids = Enumerable.Range(1, 20).Select(i => $"C{i}").Concat(["N1", "N2", "N3", "N4", "N5"]).ToList();
        File.WriteAllText(Path.Combine(_folder, "patients.csv"),
            "facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer\n"
            + string.Concat(ids.Select(id => $"F1,{id},1985,male,white,not_hispanic,alcohol,no,individual,medicaid\n")));
        var episodes = Enumerable.Range(1, 20).Select(i => $"F1,EC{i},C{i},IOP,2026-06-01,2026-07-01,completed,,no")
            .Concat(["F1,EN1,N1,IOP,2026-10-10,,,,no", "F1,EN2,N2,IOP,2026-10-10,,,,no", "F1,EN3,N3,IOP,2026-10-10,,,,no",
                "F1,EN4,N4,IOP,2026-10-10,,,,no", "F1,EN5,N5,PHP,2026-10-10,,,,no"]);
        File.WriteAllText(Path.Combine(_folder, "episodes.csv"),
            "facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment\n"
            + string.Concat(episodes.Select(e => e + "\n")));
        var assessments = Enumerable.Range(1, 20).SelectMany(i => new[]
            {
                $"F1,AC{i}a,C{i},EC{i},phq_9,2026-06-01,20",
                $"F1,AC{i}b,C{i},EC{i},phq_9,2026-06-15,{(i <= 10 ? 14 : 10)}",
            })
            .Concat([
                "F1,AN1a,N1,EN1,phq_9,2026-10-10,20", "F1,AN1b,N1,EN1,phq_9,2026-10-24,15",
                "F1,AN2a,N2,EN2,phq_9,2026-10-10,20", "F1,AN2b,N2,EN2,phq_9,2026-10-24,14",
                "F1,AN3a,N3,EN3,phq_9,2026-10-10,20", "F1,AN3b,N3,EN3,phq_9,2026-10-24,8",
                "F1,AN4a,N4,EN4,phq_9,2026-10-10,18",
                "F1,AN5a,N5,EN5,phq_9,2026-10-10,20", "F1,AN5b,N5,EN5,phq_9,2026-10-24,19",
            ]);
        File.WriteAllText(Path.Combine(_folder, "assessments.csv"),
            "facility_id,assessment_id,patient_id,episode_id,instrument,administered_date,total_score\n" + string.Concat(assessments.Select(a => a + "\n")));
    }
}
