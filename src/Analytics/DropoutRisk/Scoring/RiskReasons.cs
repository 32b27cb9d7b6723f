using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// The reasons shown with a risk score, in words a counsellor can act on: the warning signs the model reads,
/// taken from the same snapshot features, most pressing first. They explain what is going on with the patient;
/// the probability itself comes from the model.
/// </summary>
public static class RiskReasons
{
    /// <summary>Family involvement is expected once this many days of care have passed.</summary>
    public const int FamilyExpectedAfterDays = 14;

    public static IReadOnlyList<string> For(SnapshotFeatures f)
    {
        var reasons = new List<string>();
        if (f.ConsecutiveMissed >= 2)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"missed the last {f.ConsecutiveMissed} sessions in a row"));
        }
        else if (f.ConsecutiveMissed == 1)
        {
            reasons.Add("missed the last session");
        }

        if (f.AttendanceLast7Days is { } week && week < 0.6)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"attended {week:P0} of sessions in the last 7 days"));
        }

        if (f.DaysSinceAdmission >= 7 && f.HoursAgainstAsamMinimum < 1)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"{f.HoursAgainstAsamMinimum:P0} of the weekly hours the level of care requires (ASAM minimum) in the last 7 days"));
        }

        if (f.PositiveScreens > 0)
        {
            reasons.Add(f.PositiveScreens == 1 ? "a positive drug screen in care" : $"{f.PositiveScreens} positive drug screens in care");
        }

        if (f.RefusedScreens > 0)
        {
            reasons.Add(f.RefusedScreens == 1 ? "a refused drug screen" : $"{f.RefusedScreens} refused drug screens");
        }

        if (f.DaysSinceAdmission >= FamilyExpectedAfterDays && f.FamilyContacts == 0)
        {
            reasons.Add("no family involvement yet");
        }

        if (f.CoOccurringDisorder)
        {
            reasons.Add("a co-occurring mental-health disorder");
        }

        return reasons;
    }
}
