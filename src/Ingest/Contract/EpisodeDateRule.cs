namespace Outcomes.Ingest.Contract;

/// <summary>How a row that belongs to an episode must sit in time against that episode.</summary>
public enum EpisodeDateRule
{
    /// <summary>On or after admission and, once discharged, on or before discharge (sessions).</summary>
    WithinEpisode,

    /// <summary>On or after admission (screens, family contacts, relapse events may follow discharge).</summary>
    OnOrAfterAdmission,

    /// <summary>The episode must have been discharged (follow-ups after discharge).</summary>
    EpisodeDischarged,
}
