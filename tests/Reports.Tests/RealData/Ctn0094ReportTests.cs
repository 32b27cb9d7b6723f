using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Ingest.PublicData.Ctn0094;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Monthly;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Reports.Tests.RealData;

/// <summary>
/// The reports on real trial data whose programs are all outpatient (OP): they render, and where the charts compare IOP
/// with PHP they say there are no such patients instead of pretending a count was suppressed.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.RealData)]
public sealed class Ctn0094ReportTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "outcomes-ctn-report-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task The_workbook_and_chart_pack_render_for_outpatient_trial_data_and_say_there_are_no_IOP_or_PHP_patients()
    {
        new Ctn0094Importer().Import(RepositoryData.Ctn0094(), Path.Combine(_work, "drop"), ["27"]);
        await new FolderIngestor(database.DataSource, NullLogger.Instance).IngestAsync(Path.Combine(_work, "drop"), new IngestOptions { Today = new DateOnly(2026, 11, 25) });
        var policy = new SmallCellPolicy();

        var report = await StoredFirst.MonthlyAsync(database.DataSource, policy, ReportingPeriod.Parse("2006-08"), null, Path.Combine(_work, "reports"));
        var pack = await StoredFirst.AuditPackAsync(database.DataSource, policy, ReportingPeriod.Parse("2006"), null, Path.Combine(_work, "reports"));

        Assert.True(File.Exists(report.WorkbookPath));
        Assert.True(File.Exists(pack.ZipPath));
        var outcomes = File.ReadAllText(report.Charts.Single(c => c.Definition.Id == "discharge_outcomes").SvgPath);
        Assert.Contains("no patients", outcomes, StringComparison.Ordinal);
        Assert.DoesNotContain(">suppressed<", outcomes, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }
}
