using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Loading;

/// <summary>
/// Where the rows of a staged contract file came from, when a source profile made it from a center's own export:
/// the export's name and SHA-256 and the profile's, the export line behind each staged line, and the export rows the
/// profile could not map (quarantined with their reason and the export's raw line, through the same load).
/// </summary>
public sealed record StagedOrigin
{
    public required string SourceFileName { get; init; }

    public required string SourceSha256 { get; init; }

    public required string Profile { get; init; }

    public required string ProfileSha256 { get; init; }

    /// <summary>The export line of each staged line (index = staged line; 1 is the header's).</summary>
    public required IReadOnlyList<int> SourceLines { get; init; }

    /// <summary>Staged line → why the profile could not map the export row, and the export's raw line.</summary>
    public required IReadOnlyDictionary<int, (RowIssue Issue, string Raw)> MappingIssues { get; init; }
}
