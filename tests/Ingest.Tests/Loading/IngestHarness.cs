using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;

namespace Outcomes.Ingest.Tests.Loading;

/// <summary>Runs the real folder ingest against a test database, with a fixed "today".</summary>
internal static class IngestHarness
{
    public static readonly DateOnly Today = new(2026, 11, 25);

    public static Task<IngestRunResult> IngestAsync(TestDatabase database, DropFolder drop, bool force = false) =>
        IngestAsync(database, drop, new IngestOptions { Today = Today, Force = force });

    public static Task<IngestRunResult> IngestAsync(TestDatabase database, DropFolder drop, IngestOptions options) =>
        new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(drop.Path, options);

    public static FileResult File(this IngestRunResult result, string name) => result.Files.Single(f => f.FileName == name);

    public static Task<IReadOnlyList<QuarantinedRow>> QuarantineAsync(TestDatabase database, string fileName) =>
        database.QueryAsync<QuarantinedRow>(
            "select line_number as LineNumber, field as Field, reason as Reason, raw_record as RawRecord from ingest_quarantine where file_name = @FileName order by quarantine_id",
            new { FileName = fileName });
}

internal sealed record QuarantinedRow(int LineNumber, string? Field, string Reason, string? RawRecord);
