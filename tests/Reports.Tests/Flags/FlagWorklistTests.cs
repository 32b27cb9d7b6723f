using ClosedXML.Excel;
using Outcomes.Reports.Flags;
using Xunit;

namespace Outcomes.Reports.Tests.Flags;

/// <summary>The confidential worklist: the one output that names patients.</summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class FlagWorklistTests(ReportDatabase fixture) : IAsyncLifetime
{
    private IReadOnlyList<FlagWorklistRow> _rows = [];
    private string _path = "";

    public async Task InitializeAsync()
    {
        _rows = await new FlagWorklist(fixture.Database.DataSource).LoadAsync(null, "test of the worklist export");
        _path = FlagWorklist.Export(_rows, fixture.NewFolder("flags"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_worklist_lists_every_open_flag_with_its_source_patient_id()
    {
        // Two scorings in different weeks (20 May and 30 June), five new flags a facility each; nothing reviewed yet.
        var expected = await fixture.Database.QueryAsync<string>("""
            select i.source_patient_id from risk_flag f join episode e on e.episode_key = f.episode_key
            join patient_identity i on i.patient_key = e.patient_key
            where f.status in ('open', 'acknowledged') order by 1
            """);
        Assert.Equal(2 * 2 * ReportDatabase.Capacity, _rows.Count);
        Assert.Equal(expected, _rows.Select(r => r.SourcePatientId).Order(StringComparer.Ordinal));
        Assert.All(_rows, r => Assert.Contains(r.ScoredOn, new[] { new DateOnly(2026, 5, 20), new DateOnly(2026, 6, 30) }));
        Assert.All(_rows, r => Assert.NotEmpty(r.Reasons));
    }

    [Fact]
    public void The_worklist_reads_back_as_its_snapshot()
    {
        Snapshot.Matches("flag-worklist-2026-06-30", WorkbookText.Render(_path, mask: true));
    }

    [Fact]
    public void The_file_says_confidential_in_its_name_title_sheet_and_print_footer()
    {
        Assert.StartsWith("CONFIDENTIAL-", Path.GetFileName(_path), StringComparison.Ordinal);
        using var workbook = new XLWorkbook(_path);
        var sheet = workbook.Worksheets.Single();
        Assert.Contains("CONFIDENTIAL", sheet.Name, StringComparison.Ordinal);
        Assert.StartsWith("CONFIDENTIAL", sheet.Cell(1, 1).GetString(), StringComparison.Ordinal);
        Assert.Contains("CONFIDENTIAL", PrintHeaders.Read(_path)[sheet.Name].Footer, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_worklist_and_a_folder_made_for_it_can_be_read_by_their_owner_only_and_no_temporary_file_is_left()
    {
        var folder = Path.Combine(fixture.NewFolder("flags-mode"), "care-team", "worklists");

        var path = FlagWorklist.Export(_rows, folder);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(folder)!));
        Assert.Equal([path], Directory.EnumerateFileSystemEntries(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_path));
    }

    [Fact]
    public void Review_columns_show_each_flags_status_and_are_open_until_someone_reviews_it()
    {
        using var workbook = new XLWorkbook(_path);
        var table = workbook.Worksheets.Single().Tables.Single();
        Assert.Equal(FlagWorklist.Headers, table.Fields.Select(f => f.Name));
        var status = table.Fields.Single(f => f.Name == "Review status").Index + 1;
        Assert.All(table.DataRange.Column(status).Cells(), c => Assert.Equal("open", c.GetString()));
    }

    [Fact]
    public void A_patient_id_a_spreadsheet_would_run_as_a_formula_is_stored_as_text_with_a_leading_apostrophe()
    {
        using var workbook = new XLWorkbook(_path);
        var cells = workbook.Worksheets.Single().CellsUsed().ToList();
        Assert.DoesNotContain(cells, c => c.HasFormula);
        var planted = cells.Single(c => c.GetString().EndsWith(ReportDatabase.FormulaPatientId, StringComparison.Ordinal));
        Assert.Equal("'" + ReportDatabase.FormulaPatientId, planted.GetString());
    }
}
