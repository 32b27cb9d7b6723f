using Outcomes.Analytics.Periods;

namespace Outcomes.Analytics.Runs;

/// <summary>An analysis of one period, with every figure it produced.</summary>
public sealed record AnalysisRun(
    Guid RunId,
    ReportingPeriod Period,
    string? FacilityFilter,
    DateOnly DataThrough,
    int EarlyDropoutDays,
    string DefinitionsVersion,
    IReadOnlyList<Figure> Figures)
{
    public IEnumerable<Figure> Find(string metric, string facility = Figure.All, string level = Figure.All, string grouping = "") =>
        Figures.Where(f => f.Metric == metric && f.FacilityId == facility && f.LevelOfCare == level && f.Grouping == grouping && f.ProgramKey is null);
}
