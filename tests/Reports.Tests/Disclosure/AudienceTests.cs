using System.Text.Json;
using ClosedXML.Excel;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Runs;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Disclosure;

/// <summary>
/// Disclosure by audience on a small cohort: one facility's month, where PHP rests on fewer than 11 patients. The
/// director's workbook (internal by default) shows the PHP cell with its count and interval; the chart pack of the same
/// month (external by default) still suppresses it; an output written for another audience than its default is in the
/// audit trail as the server recorded it, and one written for its default is not.
/// </summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class AudienceTests(ReportDatabase fixture)
{
    private const string Facility = "FAC02";

    private static readonly (string Metric, string Label)[] OutcomeRates =
    [
        ("completion", ReportTables.CompletionLabel), ("dropout", ReportTables.DropoutLabel),
        ("transfer", ReportTables.TransferLabel), ("early_dropout", ReportTables.EarlyDropoutLabel),
    ];

    [Fact]
    public async Task The_internal_workbook_shows_a_php_cell_under_eleven_with_its_count_and_interval_and_the_external_pack_suppresses_it()
    {
        var report = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, Facility, fixture.NewFolder("internal"));
        var (metric, label, figure) = SmallPhpRate(report.Data.Current.Run);

        using (var workbook = new XLWorkbook(report.WorkbookPath))
        {
            var row = workbook.Worksheet("Outcomes").RowsUsed()
                .Single(r => r.Cell(1).GetString() == label && r.Cell(2).GetString() == "" && r.Cell(3).GetString() == LevelNames.Label(OutcomeDefinitions.Php));
            var n = row.Cell(4);
            Assert.Equal(XLDataType.Number, n.DataType);
            Assert.Equal(figure.Denominator!.Value, (double)n.Value);
            Assert.InRange((double)n.Value, 1, fixture.Policy.Threshold - 1);
            Assert.EndsWith($"\" {DisclosurePolicy.SmallMarker}\"", n.Style.NumberFormat.Format, StringComparison.Ordinal);
            Assert.Equal(figure.Numerator!.Value, (double)row.Cell(5).Value);
            Assert.Equal(figure.Estimate!.Value, (double)row.Cell(6).Value, 1e-14);
            Assert.Equal(figure.LowerBound!.Value, (double)row.Cell(7).Value, 1e-14);
            Assert.Equal(figure.UpperBound!.Value, (double)row.Cell(8).Value, 1e-14);
            Assert.StartsWith($"n < {fixture.Policy.Threshold}: wide interval", row.Cell(11).GetString(), StringComparison.Ordinal);
            Assert.Equal(DisclosurePolicy.Internal().Statement, workbook.Worksheet("Summary").Cell(3, 1).GetString());
            // The first sheet a reader opens, the Dashboard, states it on its face too.
            Assert.Equal(1, workbook.Worksheet("Dashboard").Position);
            Assert.Equal(DisclosurePolicy.Internal().Statement, workbook.Worksheet(1).Cell(3, 1).GetString());
        }

        var pack = await StoredFirst.AuditPackAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, Facility, fixture.NewFolder("external"));
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(pack.ManifestPath)).RootElement;
        Assert.Equal("external", manifest.GetProperty("audience").GetString());
        var published = manifest.GetProperty("charts").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "discharge_outcomes")
            .GetProperty("figures").EnumerateArray()
            .Single(f => f.GetProperty("figure").GetString() == label && f.GetProperty("group").GetString() == "" && f.GetProperty("level").GetString() == LevelNames.Label(OutcomeDefinitions.Php));
        Assert.Equal(fixture.Policy.SmallCellText, published.GetProperty("denominator").GetString());
        var page = await File.ReadAllTextAsync(Path.Combine(pack.Folder, "index.html"));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(DisclosurePolicy.External().Statement), page, StringComparison.Ordinal);
        Assert.NotNull(metric);
    }

    [Fact]
    public async Task A_workbook_written_for_release_is_audited_with_its_kind_and_audience_as_the_server_recorded_it()
    {
        var before = await LastLineAsync();

        var report = await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, Facility, fixture.NewFolder("override"),
            audience: Audience.External);

        var lines = await fixture.Database.QueryAsync<AuditLine>("""
            select action as Action, subject as Subject, detail as Detail, database_user as DatabaseUser, acting_role as ActingRole,
                   (database_user = session_user::text) as FromServer
            from audit_event where chain_seq > @Before order by chain_seq
            """, new { Before = before });
        var line = Assert.Single(lines, l => l.Action == "export.audience_override");
        Assert.Equal($"workbook {fixture.Month.Label} {Facility}", line.Subject);
        Assert.Equal("audience external instead of internal", line.Detail);
        Assert.True(line.FromServer, $"recorded as {line.DatabaseUser}");
        // The override is recorded before the workbook it concerns.
        Assert.Equal(["export.audience_override", "export.workbook"], lines.Select(l => l.Action));

        using var workbook = new XLWorkbook(report.WorkbookPath);
        Assert.Equal(DisclosurePolicy.External().Statement, workbook.Worksheet("Summary").Cell(3, 1).GetString());
        var (_, label, _) = SmallPhpRate(report.Data.Current.Run);
        var row = workbook.Worksheet("Outcomes").RowsUsed()
            .Single(r => r.Cell(1).GetString() == label && r.Cell(2).GetString() == "" && r.Cell(3).GetString() == LevelNames.Label(OutcomeDefinitions.Php));
        Assert.Equal(fixture.Policy.SmallCellText, row.Cell(4).GetString());
    }

    [Fact]
    public async Task Outputs_written_for_their_default_audience_write_no_override_line()
    {
        var before = await LastLineAsync();

        await StoredFirst.MonthlyAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, Facility, fixture.NewFolder("default"), audience: Audience.Internal);
        await StoredFirst.AuditPackAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, Facility, fixture.NewFolder("default-pack"));

        var actions = await fixture.Database.QueryAsync<string>("select action from audit_event where chain_seq > @Before order by chain_seq", new { Before = before });
        Assert.Equal(["export.workbook", "export.audit_pack"], actions);
    }

    [Fact]
    public async Task A_chart_pack_written_for_internal_use_is_audited_and_says_so_on_its_face()
    {
        var before = await LastLineAsync();

        var pack = await StoredFirst.AuditPackAsync(fixture.Database.DataSource, fixture.Policy, fixture.Month, Facility, fixture.NewFolder("internal-pack"),
            audience: Audience.Internal);

        var line = (await fixture.Database.QueryAsync<AuditLine>("""
            select action as Action, subject as Subject, detail as Detail, database_user as DatabaseUser, acting_role as ActingRole,
                   (database_user = session_user::text) as FromServer
            from audit_event where chain_seq > @Before and action = 'export.audience_override'
            """, new { Before = before })).Single();
        Assert.Equal($"audit_pack {fixture.Month.Label} {Facility}", line.Subject);
        Assert.Equal("audience internal instead of external", line.Detail);
        var page = await File.ReadAllTextAsync(Path.Combine(pack.Folder, "index.html"));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(DisclosurePolicy.Internal().Statement), page, StringComparison.Ordinal);
    }

    /// <summary>A PHP rate of the facility's month whose n is from 1 to 10: the cell release-level suppression hides.</summary>
    private (string Metric, string Label, Figure Figure) SmallPhpRate(AnalysisRun run)
    {
        foreach (var (metric, label) in OutcomeRates)
        {
            if (run.Find(metric, Facility, OutcomeDefinitions.Php).SingleOrDefault() is { Denominator: { } n } figure
                && fixture.Policy.IsSmall((long)n) && figure.Estimate is not null)
            {
                return (metric, label, figure);
            }
        }

        throw new InvalidOperationException($"the cohort has no PHP rate on fewer than {fixture.Policy.Threshold} patients for {Facility} in {fixture.Month.Label}");
    }

    private Task<long> LastLineAsync() => fixture.Database.ScalarAsync<long>("select coalesce(max(chain_seq), 0) from audit_event");

    private sealed record AuditLine(string Action, string Subject, string? Detail, string DatabaseUser, string ActingRole, bool FromServer);
}
