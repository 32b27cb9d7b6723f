using System.Globalization;
using Xunit;

namespace Outcomes.Synthetic.Tests.Clinical;

/// <summary>
/// The planted effects of the version-2 files point the way docs/synthetic-data.md says: PHQ-9 scores fall further in
/// PHP episodes than in IOP ones, most admissions wait under a week from referral and some referrals never lead to one,
/// and people who complete rate their care higher than those who leave early.
/// </summary>
public sealed class MeasurementEffectTests(GeneratedCohort cohort) : IClassFixture<GeneratedCohort>
{
    [Fact]
    public void Phq9_scores_fall_from_intake_to_the_last_score_and_further_in_php_than_in_iop()
    {
        var level = cohort.Clean("episodes.csv").ToDictionary(r => r["episode_id"], r => r["program_id"]);
        var change = cohort.Drop("assessments.csv").Rows.Where(r => r["instrument"] == "phq_9")
            .GroupBy(r => r["episode_id"])
            .Where(g => g.Count() >= 2)
            .Select(g =>
            {
                var ordered = g.OrderBy(r => r["administered_date"], StringComparer.Ordinal).ThenBy(r => r.Line).ToList();
                return (Level: level[g.Key], Change: Score(ordered[^1]) - Score(ordered[0]));
            })
            .GroupBy(e => e.Level)
            .ToDictionary(g => g.Key, g => g.Average(e => e.Change));

        Assert.True(change["IOP"] < -1, $"IOP change {change["IOP"]:F2}");
        Assert.True(change["PHP"] < change["IOP"] - 1, $"PHP change {change["PHP"]:F2} against IOP {change["IOP"]:F2}");
    }

    [Fact]
    public void Most_admissions_wait_under_a_week_from_referral_and_about_a_quarter_of_referrals_are_never_admitted()
    {
        var referrals = cohort.Drop("referrals.csv").Rows;
        var waits = referrals.Where(r => r["admission_date"].Length > 0)
            .Select(r => DateOnly.Parse(r["admission_date"], CultureInfo.InvariantCulture).DayNumber - DateOnly.Parse(r["referral_date"], CultureInfo.InvariantCulture).DayNumber)
            .Order().ToList();
        var neverAdmitted = referrals.Count(r => r["admission_date"].Length == 0) / (double)referrals.Count;

        Assert.InRange(waits[waits.Count / 2], 2, 7);
        Assert.All(waits, w => Assert.InRange(w, 0, 27));
        Assert.InRange(neverAdmitted, 0.15, 0.35);
    }

    [Fact]
    public void Satisfaction_is_higher_after_a_completed_episode_than_after_an_unplanned_discharge()
    {
        var reason = cohort.Clean("episodes.csv").ToDictionary(r => r["episode_id"], r => r["discharge_reason"]);
        var scores = cohort.Drop("surveys.csv").Rows.GroupBy(r => reason[r["episode_id"]] == "completed" ? "completed"
                : reason[r["episode_id"]] is "dropped_out" or "left_against_advice" or "administrative" ? "unplanned" : "other")
            .ToDictionary(g => g.Key, g => g.Average(r => int.Parse(r["score"], CultureInfo.InvariantCulture)));

        Assert.True(scores["completed"] > scores["unplanned"] + 2, $"completed {scores["completed"]:F1}, unplanned {scores["unplanned"]:F1}");
    }

    private static int Score(CsvTable.Row row) => int.Parse(row["total_score"], CultureInfo.InvariantCulture);
}
