namespace Outcomes.Analytics.Runs;

/// <summary>One row of a grouped counting query: events among a total, for a program and a further split.</summary>
internal sealed record RateCounts(string Facility, string Level, int ProgramKey, string Grouping, long Events, long Total);
