using System.Text.RegularExpressions;

namespace Outcomes.Ingest.Profiles;

/// <summary>An export of a profile with its file-name pattern and outputs compiled.</summary>
internal sealed record CompiledExport(ExportSpec Spec, Regex FileName, IReadOnlyList<CompiledOutput> Outputs);
