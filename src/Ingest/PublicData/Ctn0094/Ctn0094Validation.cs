namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>An external validation of the dropout model the release declares: trained on one imported trial's programs, tested on another's.</summary>
public sealed record Ctn0094Validation(string TrainTrial, string TestTrial, IReadOnlyList<string> TrainPrograms, IReadOnlyList<string> TestPrograms);
