namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>What a visit label of the release's visit table stands for.</summary>
internal enum Ctn0094VisitKind
{
    /// <summary>The intake assessment before randomisation: not a treatment session.</summary>
    Baseline,

    /// <summary>A weekly visit, counted from the (phase's) randomisation: a treatment session within the trial's weekly schedule, a follow-up after it.</summary>
    Week,

    /// <summary>A follow-up some months after the end of treatment.</summary>
    MonthFollowUp,

    /// <summary>The end-of-treatment assessment: not a weekly session.</summary>
    EndOfTreatment,

    /// <summary>The final assessment of a phase, the boundary to the next: not a weekly session.</summary>
    EndOfPhase,

    /// <summary>A visit recorded for another study the participant was in at the same time: not a session of this trial.</summary>
    CrossActiveStudy,
}
