using Outcomes.Analytics.Runs;

namespace Outcomes.Reports.Runs;

/// <summary>An analysis run as stored, with the software version that computed it.</summary>
internal sealed record StoredRun(AnalysisRun Run, string SoftwareVersion);
