using System.Text.RegularExpressions;
using System.Xml.Linq;
using ClosedXML.Excel;
using Outcomes.Reports.Definitions;
using Outcomes.Cli.Tests.Snapshots;
using Outcomes.Ingest.Contract;
using Outcomes.Synthetic.Demo;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed partial class DemoCommandTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    // Each test's demo writes into a home folder of its own (OUTCOMES_HOME), never into the checkout's .outcomes, where
    // a developer's own demo, and anything else kept there, would be overwritten while the tests run.
    private readonly string _home = Directory.CreateTempSubdirectory("outcomes-demo-home-").FullName;

    private string DemoFolder => Path.Combine(_home, "demo");

    [Fact]
    public async Task The_demo_generates_and_loads_a_cohort_quarantines_exactly_its_planted_mistakes_and_a_second_run_changes_nothing()
    {
        var first = await DemoAsync();
        var quarantined = await database.QueryAsync<(string File, int Line)>("select file_name, line_number from ingest_quarantine");
        var committed = await database.ScalarAsync<long>("select count(*) from ingest_batch where status = 'committed'");
        var second = await DemoAsync();

        Assert.True(first.ExitCode == 0, first.Output + first.Errors);
        var planted = File.ReadLines(Path.Combine(DemoFolder, "truth", "dirty_rows.csv")).Skip(1)
            .Select(line => line.Split(',')).Select(p => $"{p[0]}:{p[1]}").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(planted);
        Assert.Equal(planted, quarantined.Select(q => $"{q.File}:{q.Line}").Order(StringComparer.Ordinal));
        // Every file of the contract, the three of version 2 included, and the ledger says the drop is of version 2.
        Assert.Equal(DataContract.Files.Count, committed);
        Assert.Equal("2", await database.ScalarAsync<string>("select string_agg(distinct contract_version, ',') from ingest_batch"));
        Assert.Contains(Path.Combine(DemoFolder, "drop"), first.Output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(DemoFolder, "truth"), first.Output, StringComparison.Ordinal);
        // The center's targets are set once, through the target store, and the year's annual review is written beside the workbook.
        Assert.Equal(DemoCenter.Targets(default).Count, await database.ScalarAsync<long>("select count(*) from outcome_target where set_by = 'demo'"));
        Assert.True(File.Exists(Path.Combine(DemoFolder, "reports", "annual-review-2026.html")));
        Assert.True(File.Exists(Path.Combine(DemoFolder, "reports", "annual-review-2026.xlsx")));

        Assert.True(second.ExitCode == 0, second.Output + second.Errors);
        Assert.Equal(DataContract.Files.Count, second.Output.Split('\n').Count(line => line.Contains(" skipped ", StringComparison.Ordinal)));
        Assert.Equal(DataContract.Files.Count, await database.ScalarAsync<long>("select count(*) from ingest_batch"));
        Assert.Equal(DemoCenter.Targets(default).Count, await database.ScalarAsync<long>("select count(*) from outcome_target"));
    }

    [Fact]
    public async Task Quarantine_list_names_file_line_field_and_reason_but_never_a_patient_id()
    {
        await DemoAsync();

        var list = await CliProcess.RunAsync(database.ConnectionString, "quarantine", "list", "--limit", "1000");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("episodes.csv", list.Output, StringComparison.Ordinal);
        Assert.Contains("discharge_date: is before admission_date", list.Output, StringComparison.Ordinal);
        Assert.Contains("sessions.csv", list.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(PatientId(), list.Output);
        Assert.DoesNotMatch(PatientId(), list.Errors);
    }

    /// <summary>
    /// Beside the dropout flags, the patients in care whose latest standardised score is off their level's expected-recovery
    /// curve (issue 26): the demo's planted scores give every curve, and the list names episodes by surrogate key only.
    /// </summary>
    [Fact]
    public async Task Flags_not_on_track_lists_each_instruments_curve_and_the_patients_off_it_without_a_patient_id()
    {
        var demo = await CliProcess.RunAsync(database.ConnectionString, "demo");
        Assert.True(demo.ExitCode == 0, demo.Output + demo.Errors);

        var list = await CliProcess.RunAsync(database.ConnectionString, "flags", "not-on-track");

        Assert.True(list.ExitCode == 0, list.Output + list.Errors);
        var lines = list.Output.Split('\n');
        foreach (var instrument in new[] { "phq_9", "gad_7", "pcl_5" })
        {
            Assert.Contains(lines, l => l.StartsWith("IOP ", StringComparison.Ordinal) && l.Contains(instrument, StringComparison.Ordinal) && l.Contains("ln(weeks + 1)", StringComparison.Ordinal));
        }

        Assert.Contains(lines, l => l.StartsWith("facility ", StringComparison.Ordinal) && l.Contains("expected band", StringComparison.Ordinal));
        Assert.Contains("Standardised scores, intake to last score, all facilities", demo.Output, StringComparison.Ordinal);
        Assert.Contains("Access, referrals of the period", demo.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(PatientId(), list.Output);
    }

    /// <summary>
    /// Drift on the demo's own data: the model's training months are measured again and shown as the reference noise
    /// beside the months after its cut-off, and none of those alarms (docs/metrics.md, "Dropout model: feature drift").
    /// </summary>
    [Fact]
    public async Task Model_drift_on_the_demo_shows_the_training_months_beside_the_months_after_and_raises_no_alarm()
    {
        var demo = await DemoAsync();
        Assert.True(demo.ExitCode == 0, demo.Output + demo.Errors);

        var drift = await CliProcess.RunAsync(database.ConnectionString, "model", "drift");

        Assert.True(drift.ExitCode == 0, drift.Output + drift.Errors);
        var lines = drift.Output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("2025-03", StringComparison.Ordinal) && l.Contains(" training ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2026-03", StringComparison.Ordinal) && l.Contains(" after ", StringComparison.Ordinal));
        Assert.DoesNotContain("WARNING", drift.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Behaviour unchanged: every figure, model metric, score, flag, workbook cell and report text of the demo equals the
    /// stored snapshot (Snapshots/demo-outputs.txt). A change that means to alter an output stores the new snapshot
    /// (OUTCOMES_UPDATE_SNAPSHOTS=1) and says why; a restructuring that alters one is caught here.
    /// </summary>
    [Fact]
    public async Task Every_figure_model_metric_and_workbook_cell_of_the_demo_equals_the_stored_snapshot()
    {
        var run = await DemoAsync();
        Assert.True(run.ExitCode == 0, run.Output + run.Errors);

        var snapshot = await DemoOutputSnapshot.TakeAsync(database.ConnectionString, Path.Combine(DemoFolder, "reports"));

        DemoOutputSnapshot.AssertMatches(snapshot, Path.Combine(RepositoryData.RepositoryRoot(), "tests", "Cli.Tests", "Snapshots", "demo-outputs.txt"));
    }

    /// <summary>
    /// One vocabulary: no workbook cell, HTML text or chart text of the demo prints a code the reports' vocabulary
    /// (<see cref="FigureCatalogue.Words"/>) has words for, whole or inside a sentence; only the Definitions sheet's
    /// "Metric code" column shows metric codes, on purpose, beside their names.
    /// </summary>
    [Fact]
    public async Task No_output_of_the_demo_prints_a_code_that_has_words()
    {
        var run = await DemoAsync();
        Assert.True(run.ExitCode == 0, run.Output + run.Errors);
        var reports = Path.Combine(DemoFolder, "reports");
        var texts = new List<(string Where, string Text)>();
        foreach (var file in Directory.EnumerateFiles(reports, "*.xlsx", SearchOption.AllDirectories))
        {
            using var workbook = new XLWorkbook(file);
            foreach (var sheet in workbook.Worksheets)
            {
                var codeColumns = sheet.CellsUsed(c => c.GetString() == "Metric code").Select(c => c.Address.ColumnNumber).ToHashSet();
                texts.AddRange(sheet.CellsUsed(XLCellsUsedOptions.Contents)
                    .Where(c => c.DataType == XLDataType.Text && !codeColumns.Contains(c.Address.ColumnNumber))
                    .Select(c => ($"{Path.GetFileName(file)} {sheet.Name}!{c.Address}", c.GetString())));
            }
        }

        foreach (var file in Directory.EnumerateFiles(reports, "*.html", SearchOption.AllDirectories))
        {
            var html = Regex.Replace(File.ReadAllText(file), "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline);
            texts.AddRange(Regex.Replace(html, "<[^>]+>", "\n").Split('\n').Select(t => (Path.GetFileName(file), System.Net.WebUtility.HtmlDecode(t).Trim())));
        }

        foreach (var file in Directory.EnumerateFiles(reports, "*.svg", SearchOption.AllDirectories))
        {
            texts.AddRange(XDocument.Load(file).Descendants().Where(e => e.Name.LocalName == "text").Select(e => ($"chart {Path.GetFileName(file)}", e.Value.Trim())));
        }

        Assert.Contains(texts, t => t.Where.Contains("Outcomes!", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Where.StartsWith("chart ", StringComparison.Ordinal));
        var raw = texts
            .SelectMany(t => FigureCatalogue.HasWordsFor(t.Text) ? [(t.Where, t.Text)] : FigureCatalogue.SnakeCase().Matches(t.Text).Where(m => FigureCatalogue.HasWordsFor(m.Value)).Select(m => (t.Where, m.Value)))
            .Select(r => $"{r.Where}: {r.Item2}").Distinct().ToList();
        Assert.True(raw.Count == 0, string.Join("\n", raw.Take(40)));
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private Task<(int ExitCode, string Output, string Errors)> DemoAsync() =>
        CliProcess.RunWithEnvironmentAsync(database.ConnectionString, new Dictionary<string, string> { ["OUTCOMES_HOME"] = _home }, "demo");

    [GeneratedRegex(@"\bP\d{7}\b")]
    private static partial Regex PatientId();
}
