using System.Globalization;

namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>
/// How many new flags a facility's quality team can follow up in any <see cref="FlagStore.CapacityDays"/> days: the same
/// <see cref="Weekly"/> number for every facility, or — when <see cref="PerPatientsInCare"/> is set — that number for
/// every so many patients in IOP or PHP care at the facility on the scoring day ("3 flags a week per 50 patients in
/// care"), rounded down and at least one, so that a large facility's team is not held to a small one's worklist and a
/// small one is not handed a large one's.
/// </summary>
public sealed record FlagCapacity
{
    public FlagCapacity(int weekly, int? perPatientsInCare = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weekly);
        if (perPatientsInCare is { } per)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(per, 1, nameof(perPatientsInCare));
        }

        Weekly = weekly;
        PerPatientsInCare = perPatientsInCare;
    }

    /// <summary>New flags in any 7 days: a facility's whole capacity, or its share per <see cref="PerPatientsInCare"/> patients.</summary>
    public int Weekly { get; }

    /// <summary>The number of patients in care <see cref="Weekly"/> flags are for; null: the same capacity for every facility.</summary>
    public int? PerPatientsInCare { get; }

    /// <summary>
    /// The capacity of a facility with <paramref name="patientsInCare"/> patients in care: <see cref="Weekly"/> ×
    /// patients ÷ <see cref="PerPatientsInCare"/> rounded down, at least 1 (none when <see cref="Weekly"/> is 0); or
    /// <see cref="Weekly"/> itself when no census scaling is configured.
    /// </summary>
    public int For(int patientsInCare) => PerPatientsInCare is { } per && Weekly > 0
        ? (int)Math.Max(1, (long)Weekly * patientsInCare / per)
        : Weekly;

    /// <summary>The capacity as a flag's rule states it: "at most 10 new flags per facility", "at most 3 new flags per 50 patients in care (at least 1) per facility".</summary>
    public string RuleText => PerPatientsInCare is { } per
        ? string.Create(CultureInfo.InvariantCulture, $"at most {Weekly} new flags per {per} patients in care (at least 1) per facility")
        : string.Create(CultureInfo.InvariantCulture, $"at most {Weekly} new flags per facility");
}
