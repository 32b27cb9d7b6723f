namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>A published severity band: scores from <see cref="From"/> up to the next band's start carry this label.</summary>
public sealed record ScoreBand(int From, string Label);
