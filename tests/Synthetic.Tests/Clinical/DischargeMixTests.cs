using System.Globalization;
using Xunit;

namespace Outcomes.Synthetic.Tests.Clinical;

/// <summary>
/// The generated IOP discharges against published national figures. Targets: TEDS-D discharges from intensive
/// outpatient treatment (SAMHSA, TEDS 2004 discharges, chapter 4 and table 4.11: completed 38%, transferred 18%,
/// dropped out 23%, terminated by the facility 14%, other 7%; median stay 41 days, 50 for completers), as set
/// within the issue's ranges (completed 38-42%, dropped out 23-25%, transferred about 20%). Tolerances allow for
/// a cohort of a few thousand episodes (one standard error of a share is under one point here).
/// </summary>
public sealed class DischargeMixTests(GeneratedCohort cohort) : IClassFixture<GeneratedCohort>
{
    private const double CompletedTarget = 0.40;
    private const double DroppedOutTarget = 0.24; // dropped_out + left_against_advice, as TEDS counts them
    private const double TransferredTarget = 0.19;
    private const double AdministrativeTarget = 0.12;
    private const double ShareTolerance = 0.03;
    private const int MedianStayTarget = 41;
    private const int MedianCompletedStayTarget = 50;
    private const int StayToleranceDays = 4;

    /// <summary>Admissions this long before the end date have (nearly) all ended, so their mix is not biased to short stays.</summary>
    private const int SettledDays = 183;

    [Fact]
    public void The_iop_discharge_mix_is_within_tolerance_of_national_figures()
    {
        var discharged = SettledIopDischarges();
        double Share(params string[] reasons) => discharged.Count(e => reasons.Contains(e["discharge_reason"])) / (double)discharged.Count;

        Assert.True(discharged.Count > 2000, $"only {discharged.Count} settled IOP discharges");
        Assert.InRange(Share("completed"), CompletedTarget - ShareTolerance, CompletedTarget + ShareTolerance);
        Assert.InRange(Share("dropped_out", "left_against_advice"), DroppedOutTarget - ShareTolerance, DroppedOutTarget + ShareTolerance);
        Assert.InRange(Share("transferred"), TransferredTarget - ShareTolerance, TransferredTarget + ShareTolerance);
        Assert.InRange(Share("administrative"), AdministrativeTarget - ShareTolerance, AdministrativeTarget + ShareTolerance);
    }

    [Fact]
    public void The_median_iop_stay_is_within_tolerance_of_national_figures_overall_and_for_completers()
    {
        var discharged = SettledIopDischarges();

        Assert.InRange(Median(discharged.Select(Stay)), MedianStayTarget - StayToleranceDays, MedianStayTarget + StayToleranceDays);
        Assert.InRange(Median(discharged.Where(e => e["discharge_reason"] == "completed").Select(Stay)),
            MedianCompletedStayTarget - StayToleranceDays, MedianCompletedStayTarget + StayToleranceDays);
        // Dropouts leave early: TEDS-D 2004 median 26 days.
        Assert.InRange(Median(discharged.Where(e => e["discharge_reason"] == "dropped_out").Select(Stay)), 20, 32);
    }

    [Fact]
    public void Php_admissions_are_more_severe_and_most_php_episodes_step_down()
    {
        var patients = cohort.Clean("patients.csv").ToDictionary(p => p["patient_id"]);
        var truth = cohort.Truth("episodes.csv").Rows.ToDictionary(t => t["episode_id"]);
        var firstEpisodes = cohort.Clean("episodes.csv").GroupBy(e => e["patient_id"]).Select(g => g.First()).ToList();
        double CoOccurring(string program) => Share(firstEpisodes.Where(e => e["program_id"] == program), e => patients[e["patient_id"]]["co_occurring_disorder"] == "yes");
        double PositiveIntake(string program) => Share(firstEpisodes.Where(e => e["program_id"] == program), e => truth[e["episode_id"]]["positive_intake_screen"] == "yes");

        Assert.True(CoOccurring("PHP") > CoOccurring("IOP") + 0.08, $"co-occurring PHP {CoOccurring("PHP"):P1}, IOP {CoOccurring("IOP"):P1}");
        Assert.True(PositiveIntake("PHP") > PositiveIntake("IOP") + 0.08, $"positive intake PHP {PositiveIntake("PHP"):P1}, IOP {PositiveIntake("IOP"):P1}");
        var php = cohort.Clean("episodes.csv").Where(e => e["program_id"] == "PHP" && e["discharge_date"].Length > 0).ToList();
        Assert.True(Share(php, e => e["transferred_to_episode_id"].Length > 0) > 0.3);
    }

    [Fact]
    public void Scheduled_hours_per_week_meet_the_asam_ranges_iop_9_to_19_php_20_or_more()
    {
        var episodes = cohort.Clean("episodes.csv").ToDictionary(e => e["episode_id"]);
        var minutes = new Dictionary<(string Episode, DateOnly Monday), int>();
        foreach (var session in cohort.Clean("sessions.csv"))
        {
            var day = Date(session["session_date"]);
            var key = (session["episode_id"], day.AddDays(-(((int)day.DayOfWeek + 6) % 7)));
            minutes[key] = minutes.GetValueOrDefault(key) + int.Parse(session["scheduled_minutes"], CultureInfo.InvariantCulture);
        }

        // Whole weeks in care only: a stay's first and last weeks are partial.
        var weeks = minutes.Where(w =>
        {
            var e = episodes[w.Key.Episode];
            var end = e["discharge_date"].Length > 0 ? Date(e["discharge_date"]) : cohort.Options.EndDate;
            return Date(e["admission_date"]) <= w.Key.Monday && w.Key.Monday.AddDays(6) <= end;
        }).Select(w => (Program: episodes[w.Key.Episode]["program_id"], Hours: w.Value / 60.0)).ToList();

        Assert.All(weeks.Where(w => w.Program == "IOP"), w => Assert.InRange(w.Hours, 9, 19));
        Assert.All(weeks.Where(w => w.Program == "PHP"), w => Assert.True(w.Hours >= 20, $"a PHP week of {w.Hours:F1} hours"));
        Assert.All(weeks.Where(w => w.Program == "OP"), w => Assert.True(w.Hours < 9, $"an outpatient week of {w.Hours:F1} hours"));
    }

    private List<CsvTable.Row> SettledIopDischarges()
    {
        var settled = cohort.Options.EndDate.AddDays(-SettledDays);
        return [.. cohort.Clean("episodes.csv").Where(e => e["program_id"] == "IOP" && Date(e["admission_date"]) <= settled && e["discharge_date"].Length > 0)];
    }

    private static int Stay(CsvTable.Row episode) => Date(episode["discharge_date"]).DayNumber - Date(episode["admission_date"]).DayNumber;

    private static double Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2.0;
    }

    private static double Share<T>(IEnumerable<T> items, Func<T, bool> predicate)
    {
        var list = items.ToList();
        return list.Count(predicate) / (double)list.Count;
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
