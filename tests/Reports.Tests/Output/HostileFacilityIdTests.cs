using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Reports.Annual;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Output;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Reports.Tests.Output;

/// <summary>
/// A facility id from a center's files that climbs out of the output folder ("Z/../../victim", which the ingest
/// accepts as an id: letters, digits, '.', '/', ...): the workbook, the chart pack and the annual review named after
/// it stay inside the output folder, and a folder beside it is neither deleted nor written to.
/// </summary>
public sealed class HostileFacilityIdTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    // After any writer's prefix ("audit-pack-2026-Z", ...), two ".." lead from the output folder to the victim beside it.
    private const string Climbing = "Z/../../victim";

    private readonly string _base = Directory.CreateTempSubdirectory("outcomes-hostile-").FullName;

    [Fact]
    public async Task A_facility_id_that_climbs_out_of_the_output_folder_neither_deletes_nor_writes_anything_outside_it()
    {
        var victim = Directory.CreateDirectory(Path.Combine(_base, "victim")).FullName;
        File.WriteAllText(Path.Combine(victim, "keep.txt"), "not Outcomes' to delete");
        var drop = AnnualDrop.Write(Path.Combine(_base, "drop"), Climbing);
        await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(drop, new IngestOptions { Today = AnnualDrop.DataThrough });
        // Whether or not the ingest accepts the id, the writers are given it: older loads and other sources may hold such ids.
        var output = Path.Combine(_base, "out");
        var before = Listing(_base, output);
        var policy = new SmallCellPolicy();

        var written = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            var month = await StoredFirst.MonthlyAsync(database.DataSource, policy, ReportingPeriod.Parse("2026-08"), Climbing, output, AnnualDrop.DataThrough);
            var pack = await StoredFirst.AuditPackAsync(database.DataSource, policy, ReportingPeriod.Parse("2026"), Climbing, output, AnnualDrop.DataThrough);
            var review = await StoredFirst.AnnualReviewAsync(database.DataSource, policy, 2026, Climbing, output, AnnualDrop.DataThrough);
            written = [month.WorkbookPath, month.ChartFolder, pack.Folder, pack.ZipPath, review.WorkbookPath, review.HtmlPath];
        }

        Assert.Equal("not Outcomes' to delete", File.ReadAllText(Path.Combine(victim, "keep.txt")));
        Assert.Equal(before, Listing(_base, output));
        var outputFull = Path.GetFullPath(output);
        Assert.All(written, p => Assert.Equal(outputFull, Path.GetDirectoryName(Path.GetFullPath(p))));
        Assert.All(written, p => Assert.Contains("-" + SafeFileName.From(Climbing), Path.GetFileName(p), StringComparison.Ordinal));
        Assert.Equal(written.Order(StringComparer.Ordinal), Directory.EnumerateFileSystemEntries(outputFull).Order(StringComparer.Ordinal));
    }

    /// <summary>Every file and folder under <paramref name="root"/> except those in <paramref name="skip"/>, with each file's content.</summary>
    private static List<string> Listing(string root, string skip) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => !Path.GetFullPath(p).StartsWith(Path.GetFullPath(skip), StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(root, p) + (File.Exists(p) ? ": " + Convert.ToHexString(File.ReadAllBytes(p)) : "/"))
            .Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(_base, recursive: true);
}
