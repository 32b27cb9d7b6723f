namespace Outcomes.Ingest.Profiles;

/// <summary>
/// A source profile as written in its JSON file: how one EHR's exports become data-contract rows. Every member is
/// named in the file exactly as here (camelCase); an unknown member is an error, not ignored.
/// </summary>
internal sealed record SourceProfile
{
    /// <summary>A short name for the source, recorded in the load ledger with the profile's SHA-256.</summary>
    public required string Profile { get; init; }

    public string? Description { get; init; }

    /// <summary>The facility_id every row of this source is loaded under.</summary>
    public required string Facility { get; init; }

    /// <summary>The facility's IANA time zone: timestamps with an offset are turned into the local day of care.</summary>
    public required string TimeZone { get; init; }

    public required IReadOnlyList<ExportSpec> Exports { get; init; }
}
