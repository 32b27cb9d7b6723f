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
/// The ASAM minimum hours split into the program's schedule and the patient's attendance of it. Every stay runs from
/// Monday 5 to Sunday 25 October 2026: three whole weeks in care (Mondays 5, 12 and 19 October), counted by hand:
/// <code>
///   week of        5 Oct               12 Oct                        19 Oct
///   I1 (IOP)  540 of 540 sched.   360 of 360 (Friday cancelled   360 of 540 (Friday no-show)
///                                 by the program)
///   I2 (IOP)  540 of 540          540 of 540                     540 of 540
///   I3 (IOP)  540 of 540          360 of 540 (no-show)           360 of 540 (no-show)
///   P1 (PHP) 1200 of 1200         960 of 960 (Friday cancelled   960 of 1200 (Friday no-show)
///                                 by the program)
/// </code>
/// IOP: weeks in care 9, scheduled at 9 hours 8 (all but I1's second), attended at 9 hours 5 (I1 1, I2 3, I3 1).
/// PHP: weeks in care 3, scheduled at 20 hours 2, attended at 20 hours 1. The week the program scheduled below the
/// minimum is a failure of the program, not of I1 or P1: it leaves the engagement figure's denominator.
/// </summary>
public sealed class AsamWeeksTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly Through = new(2026, 11, 25);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outcomes-asam-weeks-" + Guid.NewGuid().ToString("N")[..10]);
    private AnalysisRun _run = null!;

    public async Task InitializeAsync()
    {
        WriteDrop();
        var ingest = await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(_folder, new IngestOptions { Today = Through });
        Assert.All(ingest.Files, f => Assert.Equal(0, f.RowsQuarantined));
        // No small cells: these few patients' counts are the point.
        _run = await new PeriodAnalysis(database.DataSource, new SmallCellPolicy(1)).RunAsync(ReportingPeriod.Parse("2026-10"), null, Through);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void A_week_the_program_scheduled_below_the_minimum_counts_against_the_program_and_not_the_patient()
    {
        Assert.Equal((8.0, 9.0), Counts(_run.Find("asam_weeks_scheduled", "F1", "iop").Single()));
        Assert.Equal((5.0, 8.0), Counts(_run.Find("asam_weeks_attended", "F1", "iop").Single()));
        Assert.Equal((2.0, 3.0), Counts(_run.Find("asam_weeks_scheduled", "F1", "php").Single()));
        Assert.Equal((1.0, 2.0), Counts(_run.Find("asam_weeks_attended", "F1", "php").Single()));
    }

    [Fact]
    public void Weeks_meeting_the_minimum_still_count_every_week_in_care_whatever_was_scheduled()
    {
        Assert.Equal((5.0, 9.0), Counts(_run.Find("asam_weeks_met", "F1", "iop").Single()));
        Assert.Equal((1.0, 3.0), Counts(_run.Find("asam_weeks_met", "F1", "php").Single()));
    }

    [Fact]
    public void Weeks_attended_at_the_minimum_get_an_interval_cluster_robust_by_patient()
    {
        // IOP, of weeks scheduled at the minimum: I1 1 of 2, I2 3 of 3, I3 1 of 3; ȳ = 5/8. Residuals y_c − 5n_c/8:
        // −1/4, 9/8, −7/8; Σ² = 67/32. Var = (3/2)(67/32)/8² = 201/4096; t(0.975; 2 df) = 4.30265272975 (R qt), so the
        // interval is clipped to 0–1. As if independent s²/N = (5/8)(3/8)/7 = 15/448, so the design effect is 1.4656.
        var iop = _run.Find("asam_weeks_attended", "F1", "iop").Single();

        Assert.Equal((0.0, 1.0), (iop.LowerBound!.Value, iop.UpperBound!.Value));
        // The planted sessions stop before the period's end, which the note says after the interval's own words.
        Assert.Equal("cluster-robust by patient (CR1), 3 patients, design effect 1.47", iop.Note!.Split("; ")[0]);
        Assert.StartsWith("sessions through ", iop.Note.Split("; ")[1], StringComparison.Ordinal);
        Assert.Equal(8, iop.N);
        // The program's schedule: I1 2 of 3, I2 3 of 3, I3 3 of 3; ȳ = 8/9; residuals −2/3, 1/3, 1/3; Σ² = 2/3.
        // Var = (3/2)(2/3)/9² = 1/81; the upper end 8/9 + 4.30265272975/9 is clipped to 1.
        var scheduled = _run.Find("asam_weeks_scheduled", "F1", "iop").Single();
        Assert.Equal((8.0 / 9) - (4.30265272975 / 9), scheduled.LowerBound!.Value, 7);
        Assert.Equal(1.0, scheduled.UpperBound!.Value);
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
        var sessions = new StringBuilder("facility_id,session_id,episode_id,session_date,kind,scheduled_minutes,status,attended_minutes\n");
        var sessionId = 0;

        // Per week (Mondays 5, 12, 19 October), the status of each session: A attended, N no-show, C cancelled by the
        // program. IOP: Monday, Wednesday, Friday, 180 minutes each; PHP: Monday to Friday, 240 minutes each.
        void Stay(string id, string program, int minutes, params string[] weeks)
        {
            patients.Append(CultureInfo.InvariantCulture, $"F1,{id},1985,female,white,not_hispanic,alcohol,no,individual,medicaid\n");
            episodes.Append(CultureInfo.InvariantCulture, $"F1,{id},{id},{program},2026-10-05,2026-10-25,completed,,no\n");
            var days = program == "IOP" ? new[] { 0, 2, 4 } : [0, 1, 2, 3, 4];
            for (var week = 0; week < weeks.Length; week++)
            {
                for (var i = 0; i < days.Length; i++)
                {
                    var date = new DateOnly(2026, 10, 5).AddDays((7 * week) + days[i]);
                    var (status, attended) = weeks[week][i] switch
                    {
                        'A' => ("attended", minutes.ToString(CultureInfo.InvariantCulture)),
                        'N' => ("no_show", ""),
                        _ => ("cancelled_by_program", ""),
                    };
                    sessions.Append(CultureInfo.InvariantCulture, $"F1,S{++sessionId},{id},{date:yyyy-MM-dd},group,{minutes},{status},{attended}\n");
                }
            }
        }

        Stay("I1", "IOP", 180, "AAA", "AAC", "AAN");
        Stay("I2", "IOP", 180, "AAA", "AAA", "AAA");
        Stay("I3", "IOP", 180, "AAA", "AAN", "AAN");
        Stay("P1", "PHP", 240, "AAAAA", "AAAAC", "AAAAN");

        File.WriteAllText(Path.Combine(_folder, "patients.csv"), patients.ToString());
        File.WriteAllText(Path.Combine(_folder, "episodes.csv"), episodes.ToString());
        File.WriteAllText(Path.Combine(_folder, "sessions.csv"), sessions.ToString());
    }
}
