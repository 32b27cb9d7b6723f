namespace Outcomes.Ingest.Profiles;

/// <summary>A row is ignored when its <see cref="Column"/> holds one of <see cref="EqualsAny"/> (case-insensitive, trimmed).</summary>
internal sealed record IgnoreRule
{
    public required string Column { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("equals")]
    public required IReadOnlyList<string> EqualsAny { get; init; }
}
