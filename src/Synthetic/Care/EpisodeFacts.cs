using Outcomes.Synthetic.Clinical;

namespace Outcomes.Synthetic.Care;

/// <summary>One generated episode as it truly is (before the end date hides part of it).</summary>
internal sealed record EpisodeFacts
{
    public required string FacilityId { get; init; }

    public required string EpisodeId { get; init; }

    public required string PatientId { get; init; }

    public required LevelProfile Profile { get; init; }

    public required ProgramCalendar Calendar { get; init; }

    public required DateOnly Admission { get; init; }

    /// <summary>When care truly ends; may lie after the cohort's end date.</summary>
    public required DateOnly PlantedDischarge { get; init; }

    public required string PlantedReason { get; init; }

    public required DropoutCovariates Covariates { get; init; }

    public required double DropoutProbability { get; init; }

    public required Patient Patient { get; init; }

    /// <summary>Whether the discharge is on record by the end date (if not, the episode is still in care there).</summary>
    public required bool DischargeRecorded { get; init; }

    public bool Unplanned => ContractCodes.Reason.IsUnplanned(PlantedReason);

    /// <summary>Days before the planted discharge over which attendance falls (0 far from it, 1 at it); 0 for planned ends.</summary>
    public double Decline(DateOnly date) => Unplanned ? DeclineBefore(PlantedDischarge, date) : 0;

    /// <summary>How far attendance has fallen on <paramref name="date"/> before an unplanned discharge on <paramref name="discharge"/>.</summary>
    public static double DeclineBefore(DateOnly discharge, DateOnly date) =>
        Math.Clamp(1.0 - (discharge.DayNumber - date.DayNumber) / (double)AttendanceRates.DeclineDays, 0, 1);
}
