using Outcomes.Analytics.DropoutRisk.Explanation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Scoring;

/// <summary>Contributions turned into words: which are shown, in what order, with what direction and action.</summary>
public sealed class RiskReasonsTests
{
    private static readonly SnapshotFeatures Patient = new()
    {
        DaysSinceAdmission = 14, ConsecutiveMissed = 3, AttendanceLast7Days = 0.4, AttendanceLast14Days = 0.6, FamilyContacts = 2,
        AgeAtAdmission = 24, FacilityId = "F1", ReferralSource = "criminal_justice", HoursAgainstAsamMinimum = 0.5,
    };

    private static ScoreExplanation With(params (string Feature, double LogOdds)[] contributions)
    {
        var byFeature = new double[ModelInput.FeatureNames.Length];
        foreach (var (feature, logOdds) in contributions)
        {
            byFeature[Array.IndexOf(ModelInput.FeatureNames, feature)] = logOdds;
        }

        return new ScoreExplanation(0.5, -1, byFeature, -1 + byFeature.Sum());
    }

    [Fact]
    public void Modifiable_signs_come_before_fixed_ones_each_with_its_direction_and_only_a_raise_suggests_an_action_once()
    {
        var reasons = RiskReasons.Phrase(With(
            ("age at admission", 0.9), ("consecutive missed sessions", 0.8), ("family contacts", -0.3), ("attendance last 7 days", 0.2),
            ("days since admission", 0.05)), Patient);

        Assert.Equal(
            [
                "missed the last 3 sessions in a row: raises risk strongly — suggested: same-week outreach call",
                "attended 40 % of expected sessions in the last 7 days: raises risk",
                "2 family sessions: lowers risk",
                "aged 24 at admission: raises risk strongly",
            ],
            reasons);
    }

    [Fact]
    public void At_most_the_largest_four_are_shown_and_none_below_a_tenth_on_the_log_odds_scale()
    {
        var reasons = RiskReasons.Phrase(With(
            ("consecutive missed sessions", 0.3), ("attendance last 7 days", 0.25), ("attendance last 14 days", 0.2),
            ("hours against ASAM minimum", 0.15), ("referral source", 0.12), ("days since admission", 0.09)), Patient);

        Assert.Equal(RiskReasons.MaximumReasons, reasons.Count);
        Assert.DoesNotContain(reasons, r => r.StartsWith("referral", StringComparison.Ordinal));
        Assert.Equal([RiskReasons.NoSingleSign], RiskReasons.Phrase(With(("days since admission", 0.09), ("facility", -0.05)), Patient));
    }
}
