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
/// A hand-made pathway cohort for October 2026 with data through 25 October, so only discharges up to 11 October have had
/// their 14 days:
///   PHP D1 (out 1 October) stepped down to IOP I1 and attended there on 11 October, day 10: counts.
///   PHP D2 (out 1 October) stepped down to IOP I2, no-show on day 5, attended on 21 October, day 20: does not count.
///   PHP D3 (out 20 October) stepped down to IOP I3 and attended on 22 October: its 14 days have not passed, left out.
///   PHP D4 completed on 5 October: counts. PHP D5 dropped out on 3 October: does not count.
///   So PHP: 2 of 4.
///   IOP J1 (out 4 October) stepped down to outpatient O1 and attended there on 6 October: counts.
///   IOP J2 (out 4 October) was transferred to another IOP episode K1 and attended there the next day: not a step-down,
///   does not count. So IOP: 1 of 2.
/// </summary>
public sealed class PathwayEngagementTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Through = new(2026, 10, 25);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-pathway-" + Guid.NewGuid().ToString("N")[..10]);
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
    public void A_php_discharge_counts_when_completed_or_stepped_down_to_iop_and_attended_there_within_14_days()
    {
        var php = _run.Find("completed_or_stepped_down_engaged", "F1", "php").Single();

        Assert.Equal((2.0, 4.0, 0.5), (php.Numerator!.Value, php.Denominator!.Value, php.Estimate!.Value));
        Assert.NotNull(php.LowerBound);
    }

    [Fact]
    public void An_iop_discharge_counts_only_when_stepped_down_to_outpatient_care_and_attended_there()
    {
        var iop = _run.Find("completed_or_stepped_down_engaged", "F1", "iop").Single();

        Assert.Equal((1.0, 2.0), (iop.Numerator!.Value, iop.Denominator!.Value));
    }

    [Fact]
    public void The_figure_names_its_cohort_and_has_no_iop_minus_php_difference()
    {
        var figures = _run.Figures.Where(f => f.Metric == "completed_or_stepped_down_engaged").ToList();

        Assert.DoesNotContain(figures, f => f.LevelOfCare == Figure.IopMinusPhp);
        Assert.All(figures, f => Assert.StartsWith("discharged 2026-10-01 to 2026-10-11, followed 14 days", f.Note, StringComparison.Ordinal));
        Assert.Equal((3.0, 6.0), (figures.Single(f => f is { FacilityId: "F1", LevelOfCare: Figure.All }).Numerator!.Value,
            figures.Single(f => f is { FacilityId: "F1", LevelOfCare: Figure.All }).Denominator!.Value));
    }

    private void WriteDrop()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "programs.csv"), """
            facility_id,program_id,name,level_of_care,asam_level,asam_edition,planned_weeks,planned_hours_per_week
            F1,OP,Adult OP,OP,1,3,12,2
            F1,IOP,Adult IOP,IOP,2.1,3,8,9
            F1,PHP,Adult PHP,PHP,2.5,3,3,20

            """);
        File.WriteAllText(Path.Combine(_folder, "patients.csv"), """
            facility_id,patient_id,birth_year,sex,race,ethnicity,primary_substance,co_occurring_disorder,referral_source,payer
            F1,P1,1980,male,white,not_hispanic,alcohol,no,individual,medicaid
            F1,P2,1981,male,white,not_hispanic,alcohol,no,individual,medicaid
            F1,P3,1982,male,white,not_hispanic,alcohol,no,individual,medicaid
            F1,P4,1983,male,white,not_hispanic,alcohol,no,individual,medicaid
            F1,P5,1984,male,white,not_hispanic,alcohol,no,individual,medicaid
            F1,P6,1985,male,white,not_hispanic,alcohol,no,individual,medicaid
            F1,P7,1986,male,white,not_hispanic,alcohol,no,individual,medicaid

            """);
        File.WriteAllText(Path.Combine(_folder, "episodes.csv"), """
            facility_id,episode_id,patient_id,program_id,admission_date,discharge_date,discharge_reason,transferred_to_episode_id,medication_for_addiction_treatment
            F1,D1,P1,PHP,2026-09-17,2026-10-01,transferred,I1,no
            F1,I1,P1,IOP,2026-10-02,,,,no
            F1,D2,P2,PHP,2026-09-17,2026-10-01,transferred,I2,no
            F1,I2,P2,IOP,2026-10-02,,,,no
            F1,D3,P3,PHP,2026-10-06,2026-10-20,transferred,I3,no
            F1,I3,P3,IOP,2026-10-21,,,,no
            F1,D4,P4,PHP,2026-09-21,2026-10-05,completed,,no
            F1,D5,P5,PHP,2026-09-25,2026-10-03,dropped_out,,no
            F1,J1,P6,IOP,2026-08-23,2026-10-04,transferred,O1,no
            F1,O1,P6,OP,2026-10-05,,,,no
            F1,J2,P7,IOP,2026-08-23,2026-10-04,transferred,K1,no
            F1,K1,P7,IOP,2026-10-05,,,,no

            """);
        File.WriteAllText(Path.Combine(_folder, "sessions.csv"), """
            facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes
            F1,S1,I1,2026-10-11,group,180,attended,180
            F1,S2,I2,2026-10-06,group,180,no_show,0
            F1,S3,I2,2026-10-21,group,180,attended,180
            F1,S4,I3,2026-10-22,group,180,attended,180
            F1,S5,O1,2026-10-06,individual,60,attended,60
            F1,S6,K1,2026-10-05,group,180,attended,180

            """);
    }
}
