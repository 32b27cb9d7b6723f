using System.Text.RegularExpressions;
using Outcomes.Ingest.Contract;

namespace Outcomes.Ingest.Profiles;

/// <summary>An output of an export with its contract file and wide-column pattern.</summary>
internal sealed record CompiledOutput(OutputSpec Spec, EntityDefinition Entity, Regex? WideColumns);
