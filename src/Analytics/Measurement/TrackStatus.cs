namespace Outcomes.Analytics.Measurement;

/// <summary>Where a patient's latest score lies against the expected-recovery band of its week.</summary>
public enum TrackStatus
{
    /// <summary>Inside the band (its bounds included).</summary>
    OnTrack,

    /// <summary>Outside the band on the side of illness: not on track, listed for the quality team.</summary>
    NotOnTrack,

    /// <summary>Outside the band on the side of health: doing better than expected, not an alert.</summary>
    BetterThanExpected,
}
