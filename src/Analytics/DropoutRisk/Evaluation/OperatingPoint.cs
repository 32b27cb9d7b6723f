using Outcomes.Analytics.DropoutRisk.Flags;

namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// The flag rule a model is judged at (<see cref="FlagStore"/>): no flag below <see cref="RiskFloor"/>, and at most
/// <see cref="WeeklyCapacityPerFacility"/> new flags a facility in any <see cref="FlagStore.CapacityDays"/> days, the highest
/// risks first. On the test snapshots the rule is applied week by week of the test period: in each facility's week, the
/// snapshots at or above the floor, highest first, up to the capacity. A patient's landmark snapshots stand in for the
/// nightly scores of every patient in care, so the flags a week here are a guide to the workload, not a forecast.
/// </summary>
public sealed record OperatingPoint(double RiskFloor, int WeeklyCapacityPerFacility)
{
    /// <summary>The capacity <c>outcomes score --capacity</c> and the nightly job (Jobs:ScoreCapacity) use unless told.</summary>
    public const int DefaultWeeklyCapacity = 10;

    /// <summary>The default risk floor and capacity: those <c>outcomes score</c> and the nightly job use unless configured.</summary>
    public static readonly OperatingPoint Default = new(FlagStore.DefaultRiskFloor, DefaultWeeklyCapacity);

    /// <summary>Which of the snapshots the rule flags: <paramref name="risks"/>, facilities and days of each.</summary>
    public bool[] Flags(IReadOnlyList<double> risks, IReadOnlyList<string> facilities, IReadOnlyList<DateOnly> days)
    {
        var flagged = new bool[risks.Count];
        if (risks.Count == 0)
        {
            return flagged;
        }

        var first = days.Min().DayNumber;
        foreach (var week in Enumerable.Range(0, risks.Count).GroupBy(i => (facilities[i], (days[i].DayNumber - first) / FlagStore.CapacityDays)))
        {
            foreach (var i in week.Where(i => risks[i] >= RiskFloor).OrderByDescending(i => risks[i]).ThenBy(i => i).Take(WeeklyCapacityPerFacility))
            {
                flagged[i] = true;
            }
        }

        return flagged;
    }
}
