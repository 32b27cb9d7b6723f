using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outcomes.Analytics.Periods;
using Outcomes.Database.Access;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Jobs.MonthlyReports;
using Outcomes.Reports.Output;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.MonthlyReports;

/// <summary>
/// The monthly job names each facility's folder after its id. An id from a center's files that climbs out of the
/// reports folder ("Z/../../victim") gets a folder inside it, and a folder beside it is neither written to nor deleted.
/// </summary>
public sealed class MonthlyReportPathTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    // reports/Z/../../victim is the victim folder beside the reports folder.
    private const string Climbing = "Z/../../victim";

    private readonly string _base = TestJobs.NewFolder("paths");

    [Fact]
    public async Task A_facility_id_that_climbs_out_of_the_reports_folder_gets_a_folder_inside_it_and_touches_nothing_outside()
    {
        var victim = Directory.CreateDirectory(Path.Combine(_base, "victim")).FullName;
        File.WriteAllText(Path.Combine(victim, "keep.txt"), "not Outcomes' to delete");
        // Where the job, before names went through SafeFileName, moved the charts after deleting what was there.
        var charts = Directory.CreateDirectory(Path.Combine(victim, "outcomes-2026-05-Z_______victim-charts")).FullName;
        File.WriteAllText(Path.Combine(charts, "keep.png"), "theirs too");
        var drop = AnnualDrop.Write(Path.Combine(_base, "drop"), Climbing);
        await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(drop, new IngestOptions { Today = AnnualDrop.DataThrough });
        Assert.Equal(1, await database.ScalarAsync<long>("select count(*) from facility where facility_id = @Id", new { Id = Climbing }));
        var options = TestJobs.Options(Path.Combine(_base, "inbox"));
        options.ReportsFolder = Path.Combine(_base, "reports");
        var before = Listing(_base, options.ReportsFolder);
        await using var roles = TestJobs.Roles(database);
        var job = new MonthlyReportJob(roles, TestJobs.Execution(roles), TestJobs.Wrap(options), new FakeTimeProvider(new DateTimeOffset(2026, 10, 2, 6, 0, 0, TimeSpan.Zero)));

        await job.RunForMonthAsync(ReportingPeriod.Parse("2026-05"), null, CancellationToken.None);
        await job.RunForMonthAsync(ReportingPeriod.Parse("2026-05"), null, CancellationToken.None);

        Assert.Equal(before, Listing(_base, options.ReportsFolder));
        var reports = Path.GetFullPath(options.ReportsFolder);
        var folders = Directory.EnumerateDirectories(reports).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([SafeFileName.From(Climbing), FacilityScope.AllName], folders);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(reports, SafeFileName.From(Climbing)), "*.xlsx"));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(reports, ".*", SearchOption.AllDirectories), p => Path.GetFileName(p) != OutputFolder.MarkerName);
    }

    /// <summary>Every file and folder under <paramref name="root"/> except those in <paramref name="skip"/>, with each file's content.</summary>
    private static List<string> Listing(string root, string skip) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => !Path.GetFullPath(p).StartsWith(Path.GetFullPath(skip), StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(root, p) + (File.Exists(p) ? ": " + Convert.ToHexString(File.ReadAllBytes(p)) : "/"))
            .Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(_base, recursive: true);
}
