namespace Outcomes.Ingest.Contract;

/// <summary>Plausibility limits the validator applies; each says where it comes from.</summary>
public static class ClinicalLimits
{
    /// <summary>A single session longer than a 12-hour day is a data error (PHP days run about 4-6 hours).</summary>
    public const int MaxSessionMinutes = 720;

    /// <summary>Default slack for attended minutes above scheduled minutes (sessions that overrun).</summary>
    public const int DefaultAttendedOverrunMinutes = 30;

    /// <summary>ASAM programs are planned in weeks; two years bounds any outpatient plan.</summary>
    public const int MaxPlannedWeeks = 104;

    /// <summary>A week has 168 hours.</summary>
    public const int MaxHoursPerWeek = 168;

    /// <summary>Youngest and oldest plausible age at admission for substance-use treatment (TEDS reports ages 12+).</summary>
    public const int MinAgeYears = 10;

    public const int MaxAgeYears = 110;

    /// <summary>Follow-ups are reported up to ten years after discharge.</summary>
    public const int MaxFollowUpDays = 3650;

    /// <summary>
    /// An intake score may come from the assessment before admission: an instrument administered up to this many days
    /// before its episode's admission belongs to the episode (a referral's assessment waits a few days in the median;
    /// docs/instruments.md).
    /// </summary>
    public const int MaxDaysAssessedBeforeAdmission = 30;

    /// <summary>Care dates before this are surely typing errors.</summary>
    public static readonly DateOnly EarliestCareDate = new(1990, 1, 1);

    /// <summary>Dates up to one day ahead of today are accepted: the source may sit in a time zone ahead of ours.</summary>
    public const int FutureDateToleranceDays = 1;
}
