namespace Outcomes.Analytics.DropoutRisk.Features;

/// <summary>
/// What was known about an episode on a snapshot day: only data dated on or before that day (no peeking at the
/// future), and the label — an unplanned discharge within the following horizon — for training rows.
/// </summary>
public sealed record SnapshotFeatures
{
    public long EpisodeKey { get; init; }

    public string FacilityId { get; init; } = "";

    /// <summary>The patient's surrogate key: to keep a patient's snapshots together when resampling (not a feature).</summary>
    public long PatientKey { get; init; }

    public DateOnly SnapshotDate { get; init; }

    public DateOnly AdmittedOn { get; init; }

    public int DaysSinceAdmission { get; init; }

    public bool Php { get; init; }

    /// <summary>The episode continues care stepped down from a higher level (it is a transfer's target).</summary>
    public bool SteppedDown { get; init; }

    /// <summary>Attended share of expected sessions in the last 7 days (null without any).</summary>
    public double? AttendanceLast7Days { get; init; }

    public double? AttendanceLast14Days { get; init; }

    /// <summary>
    /// The day of the episode's latest session of any status (a no-show is a session too) on or before the snapshot;
    /// null without any. Not a predictor: it tells whether the facility's sessions reach the day at all
    /// (<see cref="Scoring.SourceCoverage"/>).
    /// </summary>
    public DateOnly? LastSessionOn { get; init; }

    /// <summary>Missed sessions (no-show or cancelled by the patient) in a row up to the snapshot.</summary>
    public int ConsecutiveMissed { get; init; }

    /// <summary>Attended hours in the last 7 days as a share of the ASAM weekly minimum for the level of care.</summary>
    public double HoursAgainstAsamMinimum { get; init; }

    /// <summary>Attended family contacts up to the snapshot; null when the facility's family-contact data do not reach the day.</summary>
    public int? FamilyContacts { get; init; } = 0;

    /// <summary>Positive drug screens in care up to the snapshot; null when the facility's drug-screen data do not reach the day.</summary>
    public int? PositiveScreens { get; init; } = 0;

    /// <summary>Refused drug screens in care up to the snapshot; null when the facility's drug-screen data do not reach the day.</summary>
    public int? RefusedScreens { get; init; } = 0;

    /// <summary>The day of the episode's latest drug screen of any result on or before the snapshot (not a predictor).</summary>
    public DateOnly? LastScreenOn { get; init; }

    /// <summary>The day of the episode's latest family contact, attended or not, on or before the snapshot (not a predictor).</summary>
    public DateOnly? LastFamilyContactOn { get; init; }

    /// <summary>
    /// Why the snapshot cannot be used: the first of the model's sources whose facility data do not reach its day
    /// ("no drug-screen data since 2026-05-12"), or null when all do (<see cref="Scoring.SourceCoverage"/>). Such a
    /// snapshot is neither trained on nor scored.
    /// </summary>
    public string? MissingSource { get; init; }

    public bool MedicationForAddictionTreatment { get; init; }

    public bool CoOccurringDisorder { get; init; }

    public int PriorEpisodes { get; init; }

    public int AgeAtAdmission { get; init; }

    public string ReferralSource { get; init; } = "";

    /// <summary>Recorded for checking the model's fairness across groups; not a feature the model sees.</summary>
    public string Sex { get; init; } = "";

    /// <summary>Recorded for checking the model's fairness across groups; not a feature the model sees.</summary>
    public string Race { get; init; } = "";

    /// <summary>Recorded for checking the model's fairness across groups; not a feature the model sees.</summary>
    public string Ethnicity { get; init; } = "";

    /// <summary>The age band used to report performance by age (not a feature: the model sees the age itself).</summary>
    public string AgeBand => AgeAtAdmission switch
    {
        < 26 => "18-25",
        < 35 => "26-34",
        < 45 => "35-44",
        < 55 => "45-54",
        _ => "55 and over",
    };

    /// <summary>
    /// The patient's first admission to any episode loaded (this one when it is the first): not a predictor; it keeps a
    /// patient seen before a model's training cut-off out of the slices after it (<see cref="Training.EvaluationSlices"/>).
    /// </summary>
    public DateOnly PatientFirstAdmittedOn { get; init; }

    /// <summary>
    /// For training rows: discharged unplanned within the horizon after the snapshot. Null when the data-through date
    /// cuts the window (<see cref="CensoringRule"/>), whether or not the patient was discharged inside it.
    /// </summary>
    public bool? DroppedOutWithinHorizon { get; init; }

    /// <summary>
    /// The team reached out on a flag of the episode raised on or before the end of the snapshot's horizon (a flag's
    /// status outreach done): whether the patient then left care says what the outreach did as well as what the risk
    /// was, so the snapshot is neither trained nor tested on (the feedback loop; outreach is not a predictor).
    /// </summary>
    public bool OutreachWithinHorizon { get; init; }
}
