using Outcomes.Ingest.Contract;

namespace Outcomes.Ingest.Loading;

/// <summary>A contract file made by a source profile in a run's staging folder, and the export it came from.</summary>
public sealed record StagedFile(string Path, EntityDefinition Entity, StagedOrigin Origin);
