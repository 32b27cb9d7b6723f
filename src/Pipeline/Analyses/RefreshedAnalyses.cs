using Outcomes.Analytics.Periods;

namespace Outcomes.Pipeline.Analyses;

/// <summary>What <see cref="RefreshAnalyses"/> stored (or found stored): the runs of these periods with data through that day.</summary>
public sealed record RefreshedAnalyses(DateOnly DataThrough, ReportingPeriod Month, IReadOnlyList<ReportingPeriod> Periods);
