using Outcomes.Ingest.Loading;

namespace Outcomes.Ingest.Profiles;

/// <summary>
/// What a profile made of a folder of exports: the staged contract files, the exports refused whole (with why), the
/// files no export of the profile names, and the rows each export's ignore rules left out.
/// </summary>
public sealed record StagingResult(
    IReadOnlyList<StagedFile> Files,
    IReadOnlyList<(string FileName, string Reason)> RejectedExports,
    IReadOnlyList<string> IgnoredFiles,
    IReadOnlyDictionary<string, int> IgnoredRows);
