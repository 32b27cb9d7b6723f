using ClosedXML.Excel;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.Periods;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Workbook;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Reports.Tests.Workbook;

/// <summary>
/// A workbook of a drop of data contract version 1 (no assessments, referrals or surveys): the Measurement-based care
/// sheet says there are no data, table by table, and no chart of them is drawn (so none claims their standards).
/// </summary>
public sealed class VersionOneWorkbookTests : IAsyncLifetime
{
    private static readonly string[] VersionTwoFiles = ["assessments.csv", "referrals.csv", "surveys.csv"];

    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-v1-report-").FullName;
    private readonly TestDatabase _database = new();
    private MonthlyReport.Result _report = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var options = new CohortOptions { OutputFolder = Path.Combine(_folder, "cohort"), Facilities = 1, Months = 4, Episodes = 300, Seed = 11 };
        var summary = CohortGenerator.Generate(options);
        foreach (var file in VersionTwoFiles)
        {
            // The generator writes version 2; the version-1 drop is the same drop without its three new files.
            var path = Path.Combine(summary.DropFolder, file);
            Assert.True(File.Exists(path), file);
            File.Delete(path);
        }

        await new FolderIngestor(_database.DataSource, NullLogger.Instance).IngestAsync(summary.DropFolder, new IngestOptions { Today = options.EndDate });
        _report = await StoredFirst.MonthlyAsync(_database.DataSource, new(), ReportingPeriod.MonthOf(options.EndDate.AddMonths(-1)), null, Path.Combine(_folder, "report"));
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_version_one_drop_gives_a_no_data_line_in_each_table_of_the_measurement_sheet()
    {
        using var workbook = new XLWorkbook(_report.WorkbookPath);
        var sheet = workbook.Worksheet(MonthlyWorkbook.MeasurementSheetName);
        Assert.Equal(3, sheet.Tables.Count());
        foreach (var (table, files) in sheet.Tables.Zip(new[] { "assessments", "referrals", "surveys" }))
        {
            var row = Assert.Single(table.DataRange.Rows());
            Assert.Equal(ReportTables.NoDataLine(files), row.Cell(1).GetString());
            Assert.All(row.Cells().Skip(1), c => Assert.True(c.IsEmpty()));
        }
    }

    [Fact]
    public void A_version_one_drop_draws_no_measurement_chart()
    {
        var ids = _report.Charts.Select(c => c.Definition.Id).ToList();
        Assert.Contains("discharge_outcomes", ids);
        Assert.DoesNotContain("score_change", ids);
        Assert.DoesNotContain("access_funnel", ids);
        Assert.DoesNotContain("satisfaction", ids);
    }
}
