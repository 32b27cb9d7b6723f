using Outcomes.Synthetic.Randomness;

namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// Everything the generator needs to know about one level of care: its program, how its episodes end
/// (the discharge mix), how long they last, and where a transfer continues. Values live in <see cref="LevelProfiles"/>.
/// </summary>
internal sealed record LevelProfile
{
    public required CareLevel Level { get; init; }

    /// <summary>The contract's level_of_care as programs.csv writes it (IOP, PHP, OP).</summary>
    public required string LevelOfCare { get; init; }

    public required string AsamLevel { get; init; }

    /// <summary>The program's id within its facility and the words of its name.</summary>
    public required string ProgramId { get; init; }

    public required string ProgramName { get; init; }

    /// <summary>Planned weeks of the program, by facility (facility i takes entry i modulo the count).</summary>
    public required IReadOnlyList<int> PlannedWeeksByFacility { get; init; }

    /// <summary>Program days, by facility (facility i takes entry i modulo the count).</summary>
    public required IReadOnlyList<IReadOnlyList<DayOfWeek>> ProgramDaysByFacility { get; init; }

    /// <summary>Planned hours per week for each schedule in <see cref="ProgramDaysByFacility"/>.</summary>
    public required IReadOnlyList<int> PlannedHoursByFacility { get; init; }

    /// <summary>Target share of unplanned discharges (dropped out, left against advice, administrative).</summary>
    public required double UnplannedShare { get; init; }

    /// <summary>Which unplanned reason, given an unplanned discharge (shares of all discharges).</summary>
    public required WeightedChoice<string> UnplannedReasons { get; init; }

    /// <summary>Which planned reason (completed, transferred, ...), given a planned discharge (shares of all discharges).</summary>
    public required WeightedChoice<string> PlannedReasons { get; init; }

    public required IReadOnlyDictionary<string, StayShape> StayByReason { get; init; }

    /// <summary>No stay is longer than this many days (keeps the long tail within reason).</summary>
    public required int MaxStayDays { get; init; }

    /// <summary>The level a transfer steps down to within the same facility, if any.</summary>
    public CareLevel? StepsDownTo { get; init; }

    /// <summary>Share of transfers that are a step-down within the facility (the rest go elsewhere, no target episode).</summary>
    public double StepDownShareOfTransfers { get; init; }

    public int PlannedWeeks(int facility) => PlannedWeeksByFacility[facility % PlannedWeeksByFacility.Count];

    public IReadOnlyList<DayOfWeek> ProgramDays(int facility) => ProgramDaysByFacility[facility % ProgramDaysByFacility.Count];

    public int PlannedHours(int facility) => PlannedHoursByFacility[facility % PlannedHoursByFacility.Count];

    /// <summary>The target share of one discharge reason among all discharges.</summary>
    public double TargetShare(string reason) =>
        UnplannedShare * UnplannedReasons.ShareOf(reason) + (1 - UnplannedShare) * PlannedReasons.ShareOf(reason);
}
