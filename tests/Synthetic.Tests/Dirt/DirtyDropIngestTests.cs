using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Synthetic.Tests.Dirt;

[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class DirtyDropIngestTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly string[] AllKinds =
        ["bad_date", "unknown_code", "negative_minutes", "unknown_episode_reference", "discharge_before_admission", "duplicate_id", "wrong_field_count"];

    [Fact]
    public async Task Ingest_loads_every_clean_row_and_quarantines_exactly_the_injected_malformed_rows()
    {
        using var cohort = new GeneratedCohort(episodes: 1500, dirtyRate: 0.01, seed: 5);
        var dirty = cohort.Truth("dirty_rows.csv").Rows;
        Assert.Equal(AllKinds.Order(), dirty.Select(r => r["kind"]).Distinct().Order());

        var result = await new FolderIngestor(database.DataSource, NullLogger.Instance)
            .IngestAsync(cohort.DropFolder, new IngestOptions { Today = cohort.Options.EndDate });

        var quarantined = await database.QueryAsync<(string File, int Line)>("select file_name, line_number from ingest_quarantine");
        Assert.Equal(
            cohort.DirtyLines.Select(d => $"{d.File}:{d.Line}").Order(StringComparer.Ordinal),
            quarantined.Select(q => $"{q.File}:{q.Line}").Order(StringComparer.Ordinal));

        var manifest = cohort.Truth("cohort.csv").Rows
            .Where(r => r["setting"].Contains("_rows:", StringComparison.Ordinal))
            .ToDictionary(r => r["setting"], r => long.Parse(r["value"], CultureInfo.InvariantCulture));
        foreach (var definition in DataContract.Files)
        {
            var file = definition.Name + ".csv";
            var loaded = result.Files.Single(f => f.FileName == file);
            Assert.Equal(FileStatus.Committed, loaded.Status);
            Assert.Equal(manifest["clean_rows:" + file], loaded.RowsInserted);
            Assert.Equal(manifest["dirty_rows:" + file], loaded.RowsQuarantined);
            // The table names come from the contract's own definitions, never from input.
            Assert.Equal(manifest["clean_rows:" + file], await database.ScalarAsync<long>($"select count(*) from {definition.Table}"));
        }
    }
}
