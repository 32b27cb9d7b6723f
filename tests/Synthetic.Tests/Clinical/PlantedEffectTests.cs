using System.Globalization;
using Xunit;

namespace Outcomes.Synthetic.Tests.Clinical;

/// <summary>
/// The planted effects point the way docs/synthetic-data.md says, in the truth file and in the generated data.
/// Crude rates are compared within IOP episodes: PHP admits more co-occurring patients but has fewer unplanned
/// discharges, so pooling the levels would mix the level of care into the co-occurring comparison.
/// </summary>
public sealed class PlantedEffectTests(GeneratedCohort cohort) : IClassFixture<GeneratedCohort>
{
    private static readonly string[] Unplanned = ["dropped_out", "left_against_advice", "administrative"];
    private static readonly string[] Present = ["attended", "late", "left_early"];

    [Fact]
    public void The_truth_file_plants_protective_family_and_medication_effects_and_harmful_screen_co_occurring_and_youth_effects()
    {
        var effects = cohort.Truth("effects.csv").Rows.ToDictionary(r => (r["outcome"], r["term"]), r => double.Parse(r["log_odds"], CultureInfo.InvariantCulture));
        double Dropout(string term) => effects[("unplanned_discharge", term)];

        Assert.True(Dropout("family_involvement") < 0);
        Assert.True(Dropout("medication_for_addiction_treatment") < 0);
        Assert.True(Dropout("positive_intake_screen") > 0);
        Assert.True(Dropout("co_occurring_disorder") > 0);
        Assert.True(Dropout("per_10_years_younger_than_40") > 0);
        Assert.True(effects[("co_occurring_disorder", "php_vs_iop_admission")] > 0);
        Assert.True(effects[("positive_intake_screen", "php_vs_iop_admission")] > 0);
        var facilities = effects.Where(e => e.Key.Item1 == "unplanned_discharge" && e.Key.Item2.StartsWith("facility:", StringComparison.Ordinal)).Select(e => e.Value).ToList();
        Assert.Equal(cohort.Options.Facilities, facilities.Count);
        Assert.True(facilities.Max() - facilities.Min() > 0.1, "facilities should differ");
        // Odds ratios are the exponent of the log odds.
        Assert.All(cohort.Truth("effects.csv").Rows, r => Assert.Equal(
            Math.Exp(double.Parse(r["log_odds"], CultureInfo.InvariantCulture)), double.Parse(r["odds_ratio"], CultureInfo.InvariantCulture), 5));
    }

    [Fact]
    public void By_default_the_facility_with_the_highest_dropout_begins_the_most_courses_in_php_and_the_courses_show_the_planted_shares()
    {
        var dropout = cohort.Truth("effects.csv").Rows.Where(r => r["outcome"] == "unplanned_discharge" && r["term"].StartsWith("facility:", StringComparison.Ordinal))
            .ToDictionary(r => r["term"]["facility:".Length..], r => double.Parse(r["log_odds"], CultureInfo.InvariantCulture));
        var shares = cohort.Truth("cohort.csv").Rows.Where(r => r["setting"].StartsWith("php_entry_share:", StringComparison.Ordinal))
            .ToDictionary(r => r["setting"]["php_entry_share:".Length..], r => double.Parse(r["value"], CultureInfo.InvariantCulture));
        // Each patient's first course (a readmission enters PHP at a rate of its own): the course of their first episode.
        var firstEpisodes = cohort.Truth("episodes.csv").Rows.GroupBy(r => r["patient_id"]).Select(g => g.First()["episode_id"]).ToHashSet();
        var courses = cohort.Truth("courses.csv").Rows.Where(r => firstEpisodes.Contains(r["first_episode_id"])).GroupBy(r => r["facility_id"])
            .ToDictionary(g => g.Key, g => (Php: g.Count(r => r["entry_level_of_care"] == "PHP"), All: g.Count()));

        Assert.Null(cohort.Options.PhpEntryShares);
        Assert.Equal(dropout.Keys.Order(), shares.Keys.Order());
        // Ranked alike: more dropout, more PHP; and far enough apart to confound a comparison that ignores the facility.
        Assert.Equal(dropout.OrderBy(d => d.Value).Select(d => d.Key), shares.OrderBy(s => s.Value).Select(s => s.Key));
        Assert.True(shares.Values.Max() - shares.Values.Min() > 0.15, $"PHP shares {string.Join(", ", shares.Values)}");
        // First courses follow each facility's share, within four standard errors.
        foreach (var (facility, share) in shares)
        {
            var (php, all) = courses[facility];
            var error = 4 * Math.Sqrt(share * (1 - share) / all);
            Assert.InRange((double)php / all, share - error, share + error);
        }
    }

    [Fact]
    public void Crude_iop_dropout_is_lower_with_family_involvement_and_medication_and_higher_with_a_co_occurring_disorder()
    {
        var patients = cohort.Clean("patients.csv").ToDictionary(p => p["patient_id"]);
        // Family involvement as docs/metrics.md measures it: an attended family contact or family session.
        var family = cohort.Clean("family_contacts.csv").Where(c => c["attended"] == "yes").Select(c => c["episode_id"])
            .Concat(cohort.Clean("sessions.csv").Where(s => s["kind"] == "family" && Present.Contains(s["status"])).Select(s => s["episode_id"]))
            .ToHashSet();
        var iop = cohort.Clean("episodes.csv").Where(e => e["program_id"] == "IOP" && e["discharge_date"].Length > 0).ToList();
        double Dropout(Func<CsvTable.Row, bool> group) => iop.Where(group).Count(e => Unplanned.Contains(e["discharge_reason"])) / (double)iop.Count(group);

        Assert.True(Dropout(e => family.Contains(e["episode_id"])) < Dropout(e => !family.Contains(e["episode_id"])));
        Assert.True(Dropout(e => e["medication_for_addiction_treatment"] == "yes") < Dropout(e => e["medication_for_addiction_treatment"] == "no"));
        Assert.True(Dropout(e => patients[e["patient_id"]]["co_occurring_disorder"] == "yes") > Dropout(e => patients[e["patient_id"]]["co_occurring_disorder"] == "no"));
    }

    [Fact]
    public void Episodes_that_end_unplanned_had_a_higher_true_dropout_probability_and_younger_patients_drop_out_more()
    {
        var truth = cohort.Truth("episodes.csv").Rows.Where(t => t["recorded_discharge_reason"].Length > 0 && t["level_of_care"] == "IOP").ToList();
        double MeanProbability(IEnumerable<CsvTable.Row> rows) => rows.Average(t => double.Parse(t["true_dropout_probability"], CultureInfo.InvariantCulture));
        double Dropout(IEnumerable<CsvTable.Row> rows) => rows.Average(t => Unplanned.Contains(t["recorded_discharge_reason"]) ? 1.0 : 0.0);
        int Age(CsvTable.Row t) => int.Parse(t["age_at_admission"], CultureInfo.InvariantCulture);

        Assert.True(MeanProbability(truth.Where(t => t["planted_unplanned_discharge"] == "yes")) > MeanProbability(truth.Where(t => t["planted_unplanned_discharge"] == "no")) + 0.05);
        Assert.True(Dropout(truth.Where(t => Age(t) < 30)) > Dropout(truth.Where(t => Age(t) >= 45)));
        // The truth file agrees with the drop: the recorded reason is the planted one.
        var episodes = cohort.Clean("episodes.csv").ToDictionary(e => e["episode_id"]);
        Assert.All(truth, t => Assert.Equal(t["recorded_discharge_reason"], episodes[t["episode_id"]]["discharge_reason"]));
    }

    [Fact]
    public void Attendance_falls_in_the_weeks_before_an_unplanned_discharge()
    {
        var episodes = cohort.Clean("episodes.csv")
            .Where(e => Unplanned.Contains(e["discharge_reason"]) && Days(e["admission_date"], e["discharge_date"]) >= 35)
            .ToDictionary(e => e["episode_id"]);
        int early = 0, earlyPresent = 0, late = 0, latePresent = 0;
        foreach (var s in cohort.Clean("sessions.csv").Where(s => episodes.ContainsKey(s["episode_id"]) && s["status"] != "cancelled_by_program"))
        {
            var e = episodes[s["episode_id"]];
            var present = Present.Contains(s["status"]) ? 1 : 0;
            if (Days(e["admission_date"], s["session_date"]) < 14)
            {
                early++;
                earlyPresent += present;
            }
            else if (Days(s["session_date"], e["discharge_date"]) < 14)
            {
                late++;
                latePresent += present;
            }
        }

        Assert.True(earlyPresent / (double)early > 0.75, $"first two weeks {earlyPresent / (double)early:P0}");
        Assert.True(latePresent / (double)late < 0.5 * earlyPresent / early, $"last two weeks {latePresent / (double)late:P0}");
    }

    private static int Days(string from, string to) =>
        DateOnly.ParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - DateOnly.ParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber;
}
