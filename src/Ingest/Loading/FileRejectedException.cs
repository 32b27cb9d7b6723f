namespace Outcomes.Ingest.Loading;

/// <summary>The file as a whole cannot be loaded (no header, a required column missing, ...).</summary>
internal sealed class FileRejectedException(string? field, string reason) : Exception(reason)
{
    public string? Field { get; } = field;
}
