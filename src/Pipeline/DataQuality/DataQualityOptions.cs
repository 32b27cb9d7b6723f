namespace Outcomes.Pipeline.DataQuality;

/// <summary>The thresholds of the daily data-quality checks (the "Jobs:DataQuality" settings of <c>outcomes serve</c>).</summary>
public sealed class DataQualityOptions
{
    /// <summary>A source folder that delivered no file for this long is stale.</summary>
    public int StaleSourceHours { get; set; } = 36;

    /// <summary>A day's quarantined share this many times the previous 28 days' share is a spike.</summary>
    public double QuarantineSpikeFactor { get; set; } = 3.0;

    /// <summary>And at least this many rows quarantined that day (a handful of bad rows is not a spike).</summary>
    public int QuarantineSpikeMinimumRows { get; set; } = 20;

    /// <summary>With no loads in the previous 28 days to compare with, a day's quarantined share above this is flagged.</summary>
    public double QuarantineShareWithoutHistory { get; set; } = 0.01;

    /// <summary>Share of a facility's in-care episodes without a session for 30 days above which discharges are likely missing.</summary>
    public double MissingDischargeShare { get; set; } = 0.05;
}
