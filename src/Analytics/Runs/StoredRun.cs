namespace Outcomes.Analytics.Runs;

/// <summary>An analysis run as stored, read back from the database, with the software version that computed it.</summary>
public sealed record StoredRun(AnalysisRun Run, string SoftwareVersion);
