using System.Text.RegularExpressions;
using Outcomes.Ingest.Contract;

namespace Outcomes.Ingest.Profiles;

/// <summary>A profile checked and ready to use: its file's name and SHA-256 (recorded in the ledger), and the parts compiled.</summary>
internal sealed record LoadedProfile
{
    public required SourceProfile Document { get; init; }

    public string Name => Document.Profile;

    public required string FileName { get; init; }

    public required string Sha256 { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    public required IReadOnlyList<CompiledExport> Exports { get; init; }
}

/// <summary>An export of a profile with its file-name pattern and outputs compiled.</summary>
internal sealed record CompiledExport(ExportSpec Spec, Regex FileName, IReadOnlyList<CompiledOutput> Outputs);

/// <summary>An output of an export with its contract file and wide-column pattern.</summary>
internal sealed record CompiledOutput(OutputSpec Spec, EntityDefinition Entity, Regex? WideColumns);
