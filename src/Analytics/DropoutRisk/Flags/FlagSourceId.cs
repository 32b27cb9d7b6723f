namespace Outcomes.Analytics.DropoutRisk.Flags;

/// <summary>A flagged patient's ids in the center's own system: confidential, returned only by an audited call.</summary>
public sealed record FlagSourceId(long FlagId, string FacilityId, string SourcePatientId, string SourceEpisodeId);
