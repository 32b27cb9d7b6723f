using ClosedXML.Excel;
using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Pipeline.Reports;
using Outcomes.Reports.Monthly;
using Xunit;
using Outcomes.TestSupport;

namespace Outcomes.Security.Tests.Roles;

/// <summary>A facility director's report holds only their facility, and another facility's report cannot be had.</summary>
[Collection(SecuredCohortCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class ScopedReportTests(SecuredCohort cohort)
{
    [Fact]
    public async Task A_directors_workbook_names_only_their_facility_and_another_facility_is_refused()
    {
        var (own, other) = (cohort.Facilities[0], cohort.Facilities[1]);
        await using var director = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(await cohort.LoginAsync(DatabaseRole.Reporter, own), DatabaseRole.Reporter));
        var folder = Directory.CreateTempSubdirectory("outcomes-scoped-report-").FullName;
        try
        {
            // The runs are computed and stored by the owner (as the nightly job would), read by the director.
            var month = ReportingPeriod.MonthOf(cohort.EndDate);
            var written = await new WriteMonthlyReports(director, cohort.Database.DataSource, new SmallCellPolicy()).RunAsync(
                new ReportRequest { Month = month, Population = FacilityScope.Of(own), Folder = folder, DataThrough = cohort.EndDate });
            var result = written.Workbook!;

            using (var workbook = new XLWorkbook(result.WorkbookPath))
            {
                var texts = workbook.Worksheets.SelectMany(s => s.CellsUsed()).Select(c => c.GetFormattedString()).ToList();
                Assert.Contains(texts, t => t.Contains(own, StringComparison.Ordinal));
                Assert.DoesNotContain(texts, t => t.Contains(other, StringComparison.Ordinal));
            }

            var refused = await Assert.ThrowsAsync<AnalysisRunNotStoredException>(
                () => new MonthlyReport(director, new SmallCellPolicy()).WriteAsync(month, FacilityScope.Of(other), [], folder, cohort.EndDate));
            Assert.Contains("not visible to this login", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_director_limited_to_one_facility_gets_that_facilitys_report_without_naming_it()
    {
        var own = cohort.Facilities[1];
        var login = await cohort.LoginAsync(DatabaseRole.Reporter, own);
        var folder = Directory.CreateTempSubdirectory("outcomes-scoped-cli-").FullName;
        try
        {
            var month = ReportingPeriod.MonthOf(cohort.EndDate);
            // The month's runs, stored by the owner as the nightly job would.
            await new WriteMonthlyReports(cohort.Database.DataSource, cohort.Database.DataSource, new SmallCellPolicy()).RunAsync(
                new ReportRequest { Month = month, Population = FacilityScope.Of(own), Folder = Path.Combine(folder, "owner"), DataThrough = cohort.EndDate });

            var (exit, output, errors) = await Outcomes.TestSupport.CliProcess.RunAsync(
                login, "report", "--month", month.Label, "--out", Path.Combine(folder, "director"), "--data-through", $"{cohort.EndDate:yyyy-MM-dd}");

            Assert.True(exit == 0, output + errors);
            var workbook = Assert.Single(Directory.EnumerateFiles(Path.Combine(folder, "director"), "*.xlsx"));
            Assert.Contains(own, Path.GetFileName(workbook), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
